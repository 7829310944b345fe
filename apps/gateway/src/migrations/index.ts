import { CreateGatewaySchema1764806400000 } from './1764806400000-create-identity-schema.js';

/** Every migration of the identity schema, oldest first. */
export const migrations = [CreateGatewaySchema1764806400000];
