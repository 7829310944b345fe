import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import type { AuditEvent } from '@prst/contracts';

/** Every event stored in PRST_AUDIT so far, read with an ordered consumer as the audit-log user. */
export async function readAuditStream(natsUrl: string, auditLogPassword: string): Promise<{ raw: string[]; events: AuditEvent[] }> {
  const connection = await connect({ servers: natsUrl, user: 'audit-log', pass: auditLogPassword, inboxPrefix: '_INBOX_AUDIT_LOG' });
  try {
    const js = jetstream(connection);
    const consumer = await js.consumers.get('PRST_AUDIT');
    const info = await consumer.info(true);
    const raw: string[] = [];
    const pending = info.num_pending;
    if (pending > 0) {
      const messages = await consumer.fetch({ max_messages: pending, expires: 2000 });
      for await (const message of messages) {
        raw.push(message.string());
        if (raw.length >= pending) break;
      }
    }
    return { raw, events: raw.map((text) => JSON.parse(text) as AuditEvent) };
  } finally {
    await connection.close();
  }
}
