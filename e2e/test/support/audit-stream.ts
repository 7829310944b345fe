import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { AuditEvent } from '@prst/contracts';
import type { TestSuite } from '@prst/local-infra';

/** Every audit event stored in PRST_AUDIT so far, read directly from the stream (as audit-log, with an ordered consumer). */
export async function readAuditEvents(env: TestSuite): Promise<AuditEvent[]> {
  const connection = await connect({ servers: env.nats.url, user: 'audit-log', pass: env.nats.passwords['audit-log'], inboxPrefix: '_INBOX_AUDIT_LOG' });
  try {
    const info = await (await jetstreamManager(connection)).streams.info('PRST_AUDIT');
    const events: AuditEvent[] = [];
    if (!info.state.messages) return events;
    const consumer = await jetstream(connection).consumers.get('PRST_AUDIT');
    const messages = await consumer.fetch({ max_messages: info.state.messages, expires: 5000 });
    for await (const message of messages) {
      events.push(message.json<AuditEvent>());
      if (message.info.pending === 0) break;
    }
    return events;
  } finally {
    await connection.close();
  }
}
