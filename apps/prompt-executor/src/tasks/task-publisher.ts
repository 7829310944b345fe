import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { RetentionPolicy, jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { PrstError, Streams } from '@prst/contracts';
import { NATS_CONNECTION, ensureStream } from '@prst/messaging';
import { EXECUTOR_ENV, type PromptExecutorEnv } from '../config/prompt-executor-env.js';

export const TASK_RUN_SUBJECT = Streams.tasks.subjects[0];
export const TASK_DEAD_SUBJECT = Streams.tasks.subjects[1];

/** The executor owns PRST_TASKS: it creates the work queue at boot and queues accepted async tasks. */
@Injectable()
export class TaskPublisher implements OnModuleInit {
  private readonly js: JetStreamClient;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(EXECUTOR_ENV) private readonly env: PromptExecutorEnv,
  ) {
    this.js = jetstream(connection, { timeout: 5000 });
  }

  async onModuleInit(): Promise<void> {
    // Work-queue retention: a task message is removed once a worker acknowledges it.
    await ensureStream(this.connection, Streams.tasks, this.env.JETSTREAM_REPLICAS, { retention: RetentionPolicy.Workqueue });
  }

  /** Resolves once the stream stored the message; the task id is the message id, so a retry is stored once. */
  async publish(taskId: string): Promise<void> {
    try {
      await this.js.publish(TASK_RUN_SUBJECT, JSON.stringify({ taskId }), { msgID: taskId });
    } catch {
      throw new PrstError('SERVICE_UNAVAILABLE', 'The task queue cannot accept the execution right now; nothing was queued. Try again shortly.');
    }
  }

  /** Records a task that was given up on, for operators to inspect. */
  async deadLetter(taskId: string, reason: string): Promise<void> {
    await this.js.publish(TASK_DEAD_SUBJECT, JSON.stringify({ taskId, reason }), { msgID: `dead-${taskId}` }).catch(() => undefined);
  }
}
