import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { Streams } from '@prst/contracts';
import { NATS_CONNECTION } from '@prst/messaging';
import { auditConsumerLag } from '@prst/telemetry';
import { AUDIT_LOG_ENV, type AuditLogEnv } from '../config/audit-log-env.js';
import { ChainRepository } from '../chain/chain.repository.js';
import { DeadLetterPublisher } from './dead-letter.publisher.js';
import { IngestService } from './ingest.service.js';
import { normalizeEvent } from './event-normalizer.js';

/** The durable consumer shared by every audit-log replica. */
export const AUDIT_CONSUMER = 'audit-log';

const NANOS_PER_MS = 1_000_000;
/** How often the consumer's lag (events not yet stored) is read for the metrics endpoint. */
const LAG_POLL_MS = 10_000;

/**
 * The JetStream side of ingestion: creates the dead-letter stream and the durable pull
 * consumer (explicit ack, AUDIT_MAX_DELIVER deliveries), then feeds delivered events to the
 * IngestService in batches: whatever arrived while the previous batch was being stored forms the
 * next one (up to AUDIT_BATCH_SIZE), so the batch size follows the load.
 */
@Injectable()
export class AuditConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditConsumer');
  private messages?: ConsumerMessages;
  private advisories?: Subscription;
  private loop?: Promise<void>;
  private lagTimer?: NodeJS.Timeout;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(AUDIT_LOG_ENV) private readonly env: AuditLogEnv,
    private readonly ingest: IngestService,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly chain: ChainRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.deadLetters.ensureStream();
    const manager = await jetstreamManager(this.connection);
    await this.ensureConsumer(manager);
    this.advisories = this.listenForExhaustedEvents(manager);
    const consumer = await jetstream(this.connection).consumers.get(Streams.audit.name, AUDIT_CONSUMER);
    this.messages = await consumer.consume({ max_messages: this.env.AUDIT_BATCH_SIZE * 2 });
    this.loop = this.run(this.messages);
    this.watchLag(manager);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.ingest.stop();
    clearInterval(this.lagTimer);
    this.advisories?.unsubscribe();
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
  }

  private async ensureConsumer(manager: JetStreamManager): Promise<void> {
    const settings = {
      ack_wait: this.env.AUDIT_ACK_WAIT_MS * NANOS_PER_MS,
      max_deliver: this.env.AUDIT_MAX_DELIVER,
      max_ack_pending: Math.max(1000, this.env.AUDIT_BATCH_SIZE * 4),
    };
    const existing = await manager.consumers.info(Streams.audit.name, AUDIT_CONSUMER).catch(() => null);
    if (!existing) {
      await manager.consumers.add(Streams.audit.name, {
        durable_name: AUDIT_CONSUMER,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...settings,
      });
    } else if (
      existing.config.ack_wait !== settings.ack_wait ||
      existing.config.max_deliver !== settings.max_deliver ||
      existing.config.max_ack_pending !== settings.max_ack_pending
    ) {
      await manager.consumers.update(Streams.audit.name, AUDIT_CONSUMER, settings);
    }
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    let batch: JsMsg[] = [];
    for await (const message of messages) {
      batch.push(message);
      if (batch.length >= this.env.AUDIT_BATCH_SIZE || messages.getPending() === 0) {
        const current = batch;
        batch = [];
        await this.ingest.handle(current).catch((error: unknown) => {
          // Unacknowledged events come back after AUDIT_ACK_WAIT_MS; nothing is lost.
          this.logger.error(`audit batch failed: ${(error as Error).message}`);
        });
      }
    }
  }

  /** Lag = events not yet delivered plus delivered but not yet acknowledged (stored). */
  private watchLag(manager: JetStreamManager): void {
    const read = () =>
      manager.consumers.info(Streams.audit.name, AUDIT_CONSUMER).then(
        (info) => auditConsumerLag.set(info.num_pending + info.num_ack_pending),
        () => undefined, // NATS briefly away: the last value stays until the next read
      );
    void read();
    this.lagTimer = setInterval(read, LAG_POLL_MS);
    this.lagTimer.unref();
  }

  /**
   * An event that used up its deliveries without being acknowledged (for example because the
   * replica holding it crashed on the last one) is reported by JetStream in an advisory: copy it to
   * the dead-letter stream unless it was stored after all.
   */
  private listenForExhaustedEvents(manager: JetStreamManager): Subscription {
    const subject = `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${Streams.audit.name}.${AUDIT_CONSUMER}`;
    return this.connection.subscribe(subject, {
      queue: AUDIT_CONSUMER,
      callback: (error, advisory) => {
        if (error) return;
        void (async () => {
          const { stream_seq: seq } = advisory.json<{ stream_seq: number }>();
          const stored = await manager.streams.getMessage(Streams.audit.name, { seq });
          if (!stored) return;
          const parsed = normalizeEvent(stored.data, new Date());
          if (parsed.ok && (await this.chain.eventStored(parsed.event.eventId))) return;
          await this.deadLetters.publish(stored.data, seq, 'maximum deliveries reached');
          this.logger.error(`audit event at stream seq ${seq} ran out of deliveries and was dead-lettered`);
        })().catch((failure: unknown) => this.logger.error(`dead-lettering after max deliveries failed: ${(failure as Error).message}`));
      },
    });
  }
}
