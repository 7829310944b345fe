import { commonEnv, databaseEnv, envVar, type EnvValues, type EnvVar } from '@prst/config';
import { assessEncryptionSecret } from '@prst/crypto';

/** An encryption secret: refused at start when missing (if required), short or well known. */
function encryptionSecret(description: string, required: boolean): EnvVar<string | undefined> {
  return {
    description,
    sensitive: true,
    parse(raw) {
      if (!required && (raw === undefined || raw === '')) return undefined;
      const problem = assessEncryptionSecret(raw);
      if (problem) throw new Error(problem);
      return raw;
    },
  };
}

export const credentialVaultEnvSchema = {
  ...commonEnv,
  ...databaseEnv,
  ENCRYPTION_SECRET: encryptionSecret(
    'secret the key-encryption key of stored credentials is derived from: 32 random bytes as base64 or hex, or a long passphrase',
    true,
  ) as EnvVar<string>,
  ENCRYPTION_SECRET_PREVIOUS: encryptionSecret(
    'the secret used before ENCRYPTION_SECRET, while a key rotation moves the records to the new one',
    false,
  ),
  VAULT_ROTATION_BATCH_SIZE: envVar.int({
    description: 'records re-wrapped per database transaction during a key rotation',
    default: 500,
    min: 1,
    max: 10000,
  }),
  VAULT_ROTATION_PAUSE_MS: envVar.int({
    description: 'pause between rotation batches, in milliseconds, to bound the load on the database',
    default: 0,
    min: 0,
    max: 60000,
  }),
};

export type CredentialVaultEnv = EnvValues<typeof credentialVaultEnvSchema>;
export const VAULT_ENV = Symbol('VAULT_ENV');
