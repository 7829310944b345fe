import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type pg from 'pg';
import { openAsyncCommitPool } from '@prst/persistence';
import { EXECUTOR_ENV, type PromptExecutorEnv } from '../config/prompt-executor-env.js';

export const TASK_HISTORY_POOL = Symbol('TASK_HISTORY_POOL');

/**
 * The connections that record finished sync, streamed and proxied tasks. Their commits do not wait
 * for the disk flush: the audit event (acknowledged by JetStream) is the durable record of the call,
 * and a database crash can lose at most the last fraction of a second of rows, never corrupt them.
 * Half as many connections as DATABASE_POOL_SIZE (at least 2), in addition to it.
 */
export const taskHistoryPoolProvider: Provider = {
  provide: TASK_HISTORY_POOL,
  inject: [EXECUTOR_ENV],
  useFactory: (env: PromptExecutorEnv) =>
    openAsyncCommitPool({ url: env.DATABASE_URL, applicationName: 'prompt-executor', max: Math.max(2, Math.ceil(env.DATABASE_POOL_SIZE / 2)) }),
};

@Injectable()
export class TaskHistoryPoolCloser implements OnApplicationShutdown {
  constructor(@Inject(TASK_HISTORY_POOL) private readonly pool: pg.Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
