import { commonEnv, databaseEnv, type EnvValues } from '@prst/config';

export const supportNotifierEnvSchema = {
  ...commonEnv,
  ...databaseEnv,
};

export type SupportNotifierEnv = EnvValues<typeof supportNotifierEnvSchema>;
