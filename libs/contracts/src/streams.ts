import { APP_NAMES, type AppName } from './apps.js';

/** A JetStream stream: its subjects, the service that creates and consumes it, and who may publish. */
export interface StreamSpec {
  name: string;
  subjects: readonly string[];
  owner: AppName;
  publishers: readonly AppName[];
}

export const Streams = {
  audit: {
    name: 'PRST_AUDIT',
    subjects: ['prst.audit.event.record.v1'],
    owner: 'audit-log',
    publishers: APP_NAMES,
  },
  /** Audit events the audit-log could not store after its bounded redeliveries, kept for an operator. */
  auditDeadLetter: {
    name: 'PRST_AUDIT_DLQ',
    subjects: ['prst.audit.event.dead.v1'],
    owner: 'audit-log',
    publishers: ['audit-log'],
  },
  tasks: {
    name: 'PRST_TASKS',
    // run: one message per accepted async task (msg id = task id); dead: tasks given up on.
    subjects: ['prst.executor.task.run.v1', 'prst.executor.task.dead.v1'],
    owner: 'prompt-executor',
    publishers: ['prompt-executor'],
  },
} as const satisfies Record<string, StreamSpec>;

export const STREAMS: readonly StreamSpec[] = Object.values(Streams);

/** A JetStream key-value bucket and the one service that reads and writes it. */
export interface KvBucketSpec {
  name: string;
  owner: AppName;
}

export const KvBuckets = {
  /** Signed checkpoints (head sequence and hash) of the audit chain, kept outside PostgreSQL. */
  auditCheckpoints: { name: 'PRST_AUDIT_CHECKPOINTS', owner: 'audit-log' },
} as const satisfies Record<string, KvBucketSpec>;

export const KV_BUCKETS: readonly KvBucketSpec[] = Object.values(KvBuckets);
