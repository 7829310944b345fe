import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerConfig,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { Streams } from '@prst/contracts';
import { NATS_CONNECTION } from '@prst/messaging';
import { EXECUTOR_ENV, type PromptExecutorEnv } from '../config/prompt-executor-env.js';
import { ExecutionsService } from '../executions/executions.service.js';
import { TASK_RUN_SUBJECT, TaskPublisher } from './task-publisher.js';

const DURABLE = 'prompt-executor';
const nanos = (ms: number) => ms * 1_000_000;

/**
 * Runs queued async tasks from PRST_TASKS (durable consumer shared by every replica, explicit ack,
 * bounded redelivery). While a task runs, the worker keeps both the message and the task's lease
 * alive; if the worker dies, the message comes back after TASK_ACK_WAIT_MS and the next worker
 * takes the task over. A redelivered message for a task that is finished (or held by a live worker)
 * does nothing, so each task is completed once.
 */
@Injectable()
export class TaskWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TaskWorker.name);
  private messages?: ConsumerMessages;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(EXECUTOR_ENV) private readonly env: PromptExecutorEnv,
    private readonly executions: ExecutionsService,
    private readonly publisher: TaskPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const config: Partial<ConsumerConfig> = {
      durable_name: DURABLE,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.env.TASK_ACK_WAIT_MS),
      max_deliver: this.env.TASK_MAX_DELIVER,
      max_ack_pending: this.env.TASK_CONCURRENCY,
      filter_subject: TASK_RUN_SUBJECT,
    };
    const manager = await jetstreamManager(this.connection);
    try {
      await manager.consumers.info(Streams.tasks.name, DURABLE);
      await manager.consumers.update(Streams.tasks.name, DURABLE, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    } catch {
      await manager.consumers.add(Streams.tasks.name, config);
    }
    const consumer = await jetstream(this.connection).consumers.get(Streams.tasks.name, DURABLE);
    this.messages = await consumer.consume({ max_messages: this.env.TASK_CONCURRENCY });
    void this.loop(this.messages);
    this.logger.log(`running async tasks from ${Streams.tasks.name} (up to ${this.env.TASK_CONCURRENCY} at a time)`);
  }

  private async loop(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      const work = this.handle(message).finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    let taskId: string;
    try {
      taskId = String(message.json<{ taskId: string }>().taskId);
    } catch {
      message.term();
      return;
    }
    const leaseMs = this.env.TASK_ACK_WAIT_MS;
    let attempt = 0;
    const heartbeat = setInterval(() => {
      message.working();
      if (attempt) void this.executionsLease(taskId, attempt, leaseMs);
    }, Math.max(250, Math.floor(leaseMs / 3)));
    try {
      const result = await this.executions.runQueued(taskId, leaseMs, (claimed) => (attempt = claimed));
      if (result === 'missing' && message.info.deliveryCount < this.env.TASK_MAX_DELIVER) {
        // The task row may not be visible yet; look again shortly.
        message.nak(1000);
      } else {
        message.ack();
      }
    } catch (error) {
      this.logger.error(`async task ${taskId} could not be run: ${(error as Error).message}`);
      if (message.info.deliveryCount >= this.env.TASK_MAX_DELIVER) {
        const reason = `The task was given up after ${message.info.deliveryCount} attempts to run it.`;
        await this.executions.giveUp(taskId, reason).catch(() => undefined);
        await this.publisher.deadLetter(taskId, reason);
        message.term();
      } else {
        message.nak(2000);
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async executionsLease(taskId: string, attempt: number, leaseMs: number): Promise<void> {
    await this.executions.extendLease(taskId, attempt, leaseMs).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
}
