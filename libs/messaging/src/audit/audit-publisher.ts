import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { PrstError, Streams, type AuditEvent, type AuditEventInput, type CallerContext } from '@prst/contracts';
import { SpanKind, redact, withSpan } from '@prst/telemetry';
import { APP_NAME, NATS_CONNECTION } from '../tokens.js';

const AUDIT_SUBJECT = Streams.audit.subjects[0];

/**
 * Publishes audit events to the JetStream stream PRST_AUDIT and waits for the stream's
 * acknowledgement. Every event gets a unique id that is also its JetStream message id, so a retried
 * publish is stored once. Details are redacted before they leave the process.
 */
@Injectable()
export class AuditPublisher {
  private readonly js: JetStreamClient;

  constructor(
    @Inject(NATS_CONNECTION) connection: NatsConnection,
    @Inject(APP_NAME) private readonly service: string,
  ) {
    this.js = jetstream(connection, { timeout: 5000 });
  }

  /** Builds the event for `input` in `context`; `publish` sends it. */
  event(input: AuditEventInput, context: CallerContext): AuditEvent {
    return {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      service: this.service,
      requestId: context.requestId,
      action: input.action,
      outcome: input.outcome,
      principal: input.principal ?? {
        type: context.principalType ?? 'anonymous',
        ...(context.principalId ? { id: context.principalId } : {}),
      },
      ...(input.resource ? { resource: input.resource } : {}),
      details: redact(input.details ?? {}) as Record<string, unknown>,
    };
  }

  /**
   * Resolves once the event is durably stored in the stream; throws AUDIT_UNAVAILABLE otherwise,
   * so callers that must fail closed can refuse their operation.
   */
  async publish(input: AuditEventInput, context: CallerContext): Promise<AuditEvent> {
    const event = this.event(input, context);
    try {
      await withSpan('audit publish', SpanKind.PRODUCER, { 'prst.audit.action': event.action }, () =>
        this.js.publish(AUDIT_SUBJECT, JSON.stringify(event), { msgID: event.id }),
      );
    } catch {
      throw new PrstError('AUDIT_UNAVAILABLE', 'The audit trail cannot record this action right now, so it was not performed.');
    }
    return event;
  }
}
