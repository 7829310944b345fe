import { commonEnv, databaseEnv, type EnvValues } from '@prst/config';

export const feedbackEnvSchema = {
  ...commonEnv,
  ...databaseEnv,
};

export type FeedbackEnv = EnvValues<typeof feedbackEnvSchema>;
