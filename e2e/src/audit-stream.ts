import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { AuditEvent } from '@prst/contracts';

interface NatsAccess {
  nats: { url: string; passwords: Record<string, string> };
}

/**
 * Every event in the PRST_AUDIT stream, read directly as the audit-log service (the stream's owner),
 * so tests can check what was recorded without depending on the audit-log's query API.
 */
export async function readAuditEvents(env: NatsAccess): Promise<AuditEvent[]> {
  const connection = await connect({ servers: env.nats.url, user: 'audit-log', pass: env.nats.passwords['audit-log'], inboxPrefix: '_INBOX_AUDIT_LOG' });
  try {
    const manager = await jetstreamManager(connection);
    const { state } = await manager.streams.info('PRST_AUDIT');
    const events: AuditEvent[] = [];
    if (state.messages === 0) return events;
    // An ordered (ephemeral, unacknowledged) consumer reads without disturbing the audit-log's own.
    const consumer = await jetstream(connection).consumers.get('PRST_AUDIT');
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
  } finally {
    await connection.close();
  }
}
