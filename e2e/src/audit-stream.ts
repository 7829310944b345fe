import { connect } from '@nats-io/transport-node';
import type { AuditEvent } from '@prst/contracts';
import { readAuditStream } from '@prst/local-infra';

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
    return await readAuditStream(connection);
  } finally {
    await connection.close();
  }
}
