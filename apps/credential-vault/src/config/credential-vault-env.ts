import { commonEnv, databaseEnv, type EnvValues } from '@prst/config';

export const credentialVaultEnvSchema = {
  ...commonEnv,
  ...databaseEnv,
};

export type CredentialVaultEnv = EnvValues<typeof credentialVaultEnvSchema>;
