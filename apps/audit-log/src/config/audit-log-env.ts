import { commonEnv, databaseEnv, envVar, type EnvValues } from '@prst/config';

export const auditLogEnvSchema = {
  ...commonEnv,
  ...databaseEnv,
  AUDIT_SIGNING_KEY: envVar.string({
    description: 'key of the HMAC-SHA256 signatures on audit checkpoints (at least 32 characters)',
    sensitive: true,
    minLength: 32,
  }),
  AUDIT_CHECKPOINT_EVERY: envVar.int({
    description: 'sign a checkpoint after this many new audit records',
    default: 1000,
    min: 1,
    max: 10_000_000,
  }),
  AUDIT_CHECKPOINT_INTERVAL_MS: envVar.int({
    description: 'sign a checkpoint at least this often (milliseconds) when new records arrived',
    default: 600_000,
    min: 1000,
    max: 86_400_000,
  }),
  AUDIT_MAX_DELIVER: envVar.int({
    description: 'deliveries of one audit event before it goes to the dead-letter stream',
    default: 10,
    min: 2,
    max: 1000,
  }),
  AUDIT_ACK_WAIT_MS: envVar.int({
    description: 'time the audit consumer has to store a delivered event before JetStream redelivers it',
    default: 30_000,
    min: 1000,
    max: 600_000,
  }),
  AUDIT_BATCH_SIZE: envVar.int({
    description: 'most audit events appended to the chain in one transaction',
    default: 500,
    min: 1,
    max: 5000,
  }),
};

export type AuditLogEnv = EnvValues<typeof auditLogEnvSchema>;

/** Injection token of the validated audit-log environment. */
export const AUDIT_LOG_ENV = Symbol('AUDIT_LOG_ENV');
