import { CreateCredentialVaultSchema1764806400000 } from './1764806400000-create-vault-schema.js';
import { CreateCredentials1764900000000 } from './1764900000000-create-credentials.js';

/** Every migration of the vault schema, oldest first. */
export const migrations = [CreateCredentialVaultSchema1764806400000, CreateCredentials1764900000000];
