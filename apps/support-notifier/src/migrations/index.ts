import { CreateSupportNotifierSchema1764806400000 } from './1764806400000-create-support-schema.js';
import { CreateSupportTickets1764820800000 } from './1764820800000-create-support-tickets.js';

/** Every migration of the support schema, oldest first. */
export const migrations = [CreateSupportNotifierSchema1764806400000, CreateSupportTickets1764820800000];
