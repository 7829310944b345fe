import { CreateSupportNotifierSchema1764806400000 } from './1764806400000-create-support-schema.js';

/** Every migration of the support schema, oldest first. */
export const migrations = [CreateSupportNotifierSchema1764806400000];
