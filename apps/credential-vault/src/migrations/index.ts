import { CreateCredentialVaultSchema1764806400000 } from './1764806400000-create-vault-schema.js';

/** Every migration of the vault schema, oldest first. */
export const migrations = [CreateCredentialVaultSchema1764806400000];
