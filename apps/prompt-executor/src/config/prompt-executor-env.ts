import { commonEnv, databaseEnv, type EnvValues } from '@prst/config';

export const promptExecutorEnvSchema = {
  ...commonEnv,
  ...databaseEnv,
};

export type PromptExecutorEnv = EnvValues<typeof promptExecutorEnvSchema>;
