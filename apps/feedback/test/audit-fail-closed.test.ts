import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { PrstError, Streams, Subjects, inboxPrefixOf, type AppName, type FeedbackPage, type FeedbackRecord } from '@prst/contracts';
import { RpcClient, ensureStream } from '@prst/messaging';
import { spawnService, startTestInfra, type ServiceProcess, type TestInfra } from '@prst/local-infra';

/**
 * The feedback service alone on a NATS server whose PRST_AUDIT stream does not exist yet (the
 * audit-log service, which creates it, is not running): feedback must not be stored unaudited.
 */
describe('feedback is stored only with its audit event', () => {
  let infra: TestInfra;
  let service: ServiceProcess;
  const connections: NatsConnection[] = [];
  const context = { requestId: 'audit-fail-closed-test' };

  const connectAs = async (app: AppName) => {
    const connection = await connect({ servers: infra.nats.url, user: app, pass: infra.nats.passwords[app], inboxPrefix: inboxPrefixOf(app) });
    connections.push(connection);
    return connection;
  };

  before(async () => {
    infra = await startTestInfra('feedback-audit');
    service = spawnService('feedback', {
      NATS_URL: infra.nats.url,
      NATS_USER: 'feedback',
      NATS_PASSWORD: infra.nats.passwords.feedback,
      DATABASE_URL: infra.databaseUrl,
      // The default metrics port (9464) may be taken by another process on a shared machine.
      METRICS_ENABLED: 'false',
    });
    const gateway = new RpcClient(await connectAs('gateway'), 2000);
    const deadline = Date.now() + 30000;
    for (;;) {
      try {
        await gateway.request(Subjects.feedback.health, {}, context);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`feedback did not start: ${service.output.slice(-10).join('\n')}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  });
  after(async () => {
    for (const connection of connections) await connection.close();
    await service?.stop();
    await infra?.stop();
  });

  it('answers 503 AUDIT_UNAVAILABLE and keeps nothing while the audit stream is missing, then stores once it exists', async () => {
    const gateway = new RpcClient(await connectAs('gateway'), 10000);
    const promptId = `prompt-${randomUUID()}`;
    await assert.rejects(
      gateway.request(Subjects.feedback.create, { prompt_id: promptId, rating: { type: 'like' } }, context),
      (error: PrstError) => error.name === 'AUDIT_UNAVAILABLE' && error.serverCode === 503,
    );
    const empty = await gateway.request<FeedbackPage>(Subjects.feedback.list, { prompt_id: promptId }, context);
    assert.equal(empty.total, 0);

    await ensureStream(await connectAs('audit-log'), Streams.audit, 1);
    const created = await gateway.request<FeedbackRecord>(Subjects.feedback.create, { prompt_id: promptId, rating: { type: 'like' } }, context);
    const listed = await gateway.request<FeedbackPage>(Subjects.feedback.list, { prompt_id: promptId }, context);
    assert.deepEqual(listed.items.map((item) => item.id), [created.id]);
  });
});
