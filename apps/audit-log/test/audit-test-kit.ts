import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import pg from 'pg';
import {
  Streams,
  Subjects,
  inboxPrefixOf,
  type AppName,
  type AuditEvent,
  type AuditRecordPage,
  type AuditVerifyReply,
} from '@prst/contracts';
import { RpcClient } from '@prst/messaging';
import { spawnService, type RunningNats, type ServiceProcess, type TestInfra } from '@prst/local-infra';

/** Where the kit's processes connect: a TestInfra, or a NATS cluster beside a test database. */
export type KitInfra = Pick<TestInfra, 'databaseUrl'> & { nats: Pick<RunningNats, 'url' | 'passwords'> };

/** Test helpers: the audit-log as a real process, a caller with the gateway's NATS user, direct SQL. */
export interface AuditKit {
  env: Record<string, string>;
  signingKey: string;
  service: ServiceProcess;
  gateway: NatsConnection;
  rpc: RpcClient;
  js: JetStreamClient;
  db: pg.Client;
  start(): ServiceProcess;
  verify(): Promise<AuditVerifyReply>;
  headSeq(): Promise<number>;
  count(): Promise<number>;
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const context = { requestId: 'test-request-0001', principalType: 'user' as const, principalId: 'admin', role: 'admin' as const };

export function sampleEvent(index: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: randomUUID(),
    occurredAt: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
    service: 'prompt-executor',
    requestId: `req-${index}`,
    action: index % 2 ? 'prompt.version.published' : 'credential.resolved',
    outcome: 'success',
    principal: { type: 'user', id: `user-${index % 7}` },
    resource: { type: 'prompt', id: `prompt-${index}` },
    details: { index, note: `event ${index}`, nested: { b: 2, a: [1, 'x', null] } },
    ...overrides,
  };
}

export async function connectAs(infra: KitInfra, app: AppName): Promise<NatsConnection> {
  return connect({
    servers: infra.nats.url.split(','),
    user: app,
    pass: infra.nats.passwords[app],
    inboxPrefix: inboxPrefixOf(app),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 200,
  });
}

/** Publishes events with their ids as message ids, `window` at a time; resolves with the acknowledged ids. */
export async function publishAll(js: JetStreamClient, events: AuditEvent[], window = 250): Promise<string[]> {
  const acked: string[] = [];
  for (let start = 0; start < events.length; start += window) {
    const slice = events.slice(start, start + window);
    await Promise.all(
      slice.map((event) =>
        js.publish(Streams.audit.subjects[0], JSON.stringify(event), { msgID: event.id }).then(() => acked.push(event.id)),
      ),
    );
  }
  return acked;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what} ${lastError}`);
}

export async function startAuditKit(infra: KitInfra, extraEnv: Record<string, string> = {}): Promise<AuditKit> {
  const signingKey = randomBytes(32).toString('base64');
  const env = {
    NATS_URL: infra.nats.url,
    NATS_USER: 'audit-log',
    NATS_PASSWORD: infra.nats.passwords['audit-log'],
    DATABASE_URL: infra.databaseUrl,
    AUDIT_SIGNING_KEY: signingKey,
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const gateway = await connectAs(infra, 'gateway');
  const rpc = new RpcClient(gateway, 60_000);
  const db = new pg.Client({ connectionString: infra.databaseUrl });
  await db.connect();
  const kit: AuditKit = {
    env,
    signingKey,
    service: undefined as unknown as ServiceProcess,
    gateway,
    rpc,
    js: jetstream(gateway, { timeout: 10_000 }),
    db,
    start() {
      kit.service = spawnService('audit-log', env);
      return kit.service;
    },
    verify: () => rpc.request<AuditVerifyReply>(Subjects.audit.chainVerify, {}, context),
    async headSeq() {
      const page = await rpc.request<AuditRecordPage>(Subjects.audit.recordList, { limit: 1 }, context);
      return page.items[0]?.seq ?? 0;
    },
    async count() {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM audit.audit_records').catch(() => ({ rows: [{ n: '0' }] }));
      return Number(rows[0].n);
    },
    waitForCount: (count, timeoutMs = 60_000) => waitFor(async () => (await kit.count()) >= count, timeoutMs, `${count} audit records`),
    async close() {
      await kit.service?.stop();
      await gateway.close().catch(() => undefined);
      await db.end().catch(() => undefined);
    },
  };
  kit.start();
  await waitFor(
    async () => (await rpc.request<{ status: string }>(Subjects.audit.health, {}, context, 1000)).status === 'ok',
    30_000,
    `the audit-log to answer: ${kit.service.output.slice(-5).join(' | ')}`,
  );
  return kit;
}
