import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JsMsg } from '@nats-io/jetstream';
import { AUDIT_LOG_ENV, type AuditLogEnv } from '../config/audit-log-env.js';
import { ChainRepository } from '../chain/chain.repository.js';
import { CheckpointService } from '../checkpoints/checkpoint.service.js';
import { DeadLetterPublisher } from './dead-letter.publisher.js';
import { normalizeEvent, type NormalizedEvent } from './event-normalizer.js';

interface Pending {
  message: JsMsg;
  event: NormalizedEvent;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Turns delivered audit events into chain records. A batch is appended in one transaction and then
 * acknowledged, so a crash between the two only causes a redelivery, which the event-id check makes
 * harmless. While the database is unreachable the batch is held (JetStream is told we are still
 * working) rather than redelivered, so an outage does not exhaust the bounded redeliveries; an event
 * that fails on its own is redelivered with a growing delay and dead-lettered after AUDIT_MAX_DELIVER.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger('AuditIngest');
  private stopping = false;

  constructor(
    @Inject(AUDIT_LOG_ENV) private readonly env: AuditLogEnv,
    private readonly chain: ChainRepository,
    private readonly checkpoints: CheckpointService,
    private readonly deadLetters: DeadLetterPublisher,
  ) {}

  stop(): void {
    this.stopping = true;
  }

  async handle(messages: JsMsg[]): Promise<void> {
    const pending: Pending[] = [];
    const receivedAt = new Date();
    for (const message of messages) {
      const result = normalizeEvent(message.data, receivedAt);
      if (result.ok) pending.push({ message, event: result.event });
      else await this.deadLetter(message, `invalid audit event: ${result.reason}`);
    }
    if (!pending.length) return;
    if (await this.appendHolding(pending)) return;
    // The database answers but the batch failed: find the event(s) at fault one by one.
    for (const item of pending) {
      if (this.stopping) return;
      try {
        await this.appendAndAck([item]);
      } catch (error) {
        await this.failOne(item.message, (error as Error).message);
      }
    }
  }

  /** Appends and acks; retries while the database is unreachable. False when the batch itself fails. */
  private async appendHolding(pending: Pending[]): Promise<boolean> {
    let delay = 250;
    while (!this.stopping) {
      try {
        await this.appendAndAck(pending);
        return true;
      } catch (error) {
        if (await this.chain.reachable()) {
          if (pending.length === 1) await this.failOne(pending[0].message, (error as Error).message);
          return pending.length === 1;
        }
        this.logger.warn(`database unreachable, holding ${pending.length} audit event(s): ${(error as Error).message}`);
        pending.forEach(({ message }) => message.working());
        await sleep(delay);
        delay = Math.min(delay * 2, 5000);
      }
    }
    return true;
  }

  private async appendAndAck(pending: Pending[]): Promise<void> {
    const result = await this.chain.append(pending.map(({ event }) => event));
    for (const { message } of pending) message.ack();
    this.checkpoints.appended(result.head);
  }

  private async failOne(message: JsMsg, reason: string): Promise<void> {
    if (message.info.deliveryCount >= this.env.AUDIT_MAX_DELIVER) {
      await this.deadLetter(message, `not stored after ${message.info.deliveryCount} deliveries: ${reason}`);
    } else {
      this.logger.warn(`audit event at stream seq ${message.seq} not stored (delivery ${message.info.deliveryCount}): ${reason}`);
      message.nak(Math.min(1000 * 2 ** (message.info.deliveryCount - 1), 30_000));
    }
  }

  private async deadLetter(message: JsMsg, reason: string): Promise<void> {
    try {
      await this.deadLetters.publish(message.data, message.seq, reason);
      message.term(reason.slice(0, 100));
      this.logger.error(`audit event at stream seq ${message.seq} dead-lettered: ${reason}`);
    } catch (error) {
      // Without the dead-letter copy the event must stay in the stream: try again later.
      this.logger.error(`dead-lettering stream seq ${message.seq} failed: ${(error as Error).message}`);
      message.nak(5000);
    }
  }
}
