import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Streams, type AuditEvent } from '@prst/contracts';

/**
 * Every event stored in PRST_AUDIT so far, read in batches by an ordered (ephemeral, unacknowledged)
 * consumer that does not disturb the audit-log's own. Reads up to the last sequence present when
 * called, however many events that is. `connection` must be the audit-log service's NATS user.
 */
export async function readAuditStream(connection: NatsConnection): Promise<AuditEvent[]> {
  const { state } = await (await jetstreamManager(connection)).streams.info(Streams.audit.name);
  const events: AuditEvent[] = [];
  if (state.messages === 0) return events;
  const consumer = await jetstream(connection).consumers.get(Streams.audit.name);
  let lastSeq = 0;
  while (lastSeq < state.last_seq) {
    const before = lastSeq;
    for await (const message of await consumer.fetch({ max_messages: 500, expires: 2000 })) {
      events.push(message.json<AuditEvent>());
      lastSeq = message.seq;
      if (lastSeq >= state.last_seq) break;
    }
    if (lastSeq === before) break; // nothing more arrived
  }
  return events;
}
