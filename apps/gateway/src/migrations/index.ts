import { CreateGatewaySchema1764806400000 } from './1764806400000-create-identity-schema.js';
import { CreateIdentityTables1764950000000 } from './1764950000000-create-identity-tables.js';

/** Every migration of the identity schema, oldest first. */
export const migrations = [CreateGatewaySchema1764806400000, CreateIdentityTables1764950000000];
