import { Inject, Injectable } from '@nestjs/common';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { Streams } from '@prst/contracts';
import { NATS_CONNECTION, ensureStream } from '@prst/messaging';
import { AUDIT_LOG_ENV, type AuditLogEnv } from '../config/audit-log-env.js';

const DEAD_LETTER_SUBJECT = Streams.auditDeadLetter.subjects[0];

/**
 * Moves an audit event that cannot be stored to the dead-letter stream PRST_AUDIT_DLQ, with the
 * reason and its original stream sequence in headers, so an operator can inspect and replay it.
 * The message id is the original sequence: replicas dead-lettering the same event store it once.
 */
@Injectable()
export class DeadLetterPublisher {
  private readonly js: JetStreamClient;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(AUDIT_LOG_ENV) private readonly env: AuditLogEnv,
  ) {
    this.js = jetstream(connection, { timeout: 5000 });
  }

  async ensureStream(): Promise<void> {
    await ensureStream(this.connection, Streams.auditDeadLetter, this.env.JETSTREAM_REPLICAS);
  }

  async publish(data: Uint8Array, streamSequence: number, reason: string): Promise<void> {
    const headers = natsHeaders();
    headers.set('x-prst-dead-letter-reason', reason.slice(0, 200));
    headers.set('x-prst-original-stream', Streams.audit.name);
    headers.set('x-prst-original-sequence', String(streamSequence));
    await this.js.publish(DEAD_LETTER_SUBJECT, data, { msgID: `${Streams.audit.name}-${streamSequence}`, headers });
  }
}
