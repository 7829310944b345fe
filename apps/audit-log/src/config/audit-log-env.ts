import { commonEnv, databaseEnv, type EnvValues } from '@prst/config';

export const auditLogEnvSchema = {
  ...commonEnv,
  ...databaseEnv,
};

export type AuditLogEnv = EnvValues<typeof auditLogEnvSchema>;
