import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Streams, inboxPrefixOf, type AuditEvent } from '@prst/contracts';
import { startTestSuite, type TestSuite } from '@prst/local-infra';
import { adminSession, call as httpCall, createUser } from '../src/index.js';

/** The root administrator's access token, sent with every call unless a test gives another. */
let token: string | undefined;
const call: typeof httpCall = (url, method, path, options = {}) => httpCall(url, method, path, { token, ...options });

// This file runs from e2e/dist/test/.
const verifierBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../apps/audit-log/dist/src/bin/audit-verify.js');

function event(index: number): AuditEvent {
  return {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    service: 'feedback',
    requestId: `e2e-${index}`,
    action: index % 3 ? 'feedback.created' : 'feedback.deleted',
    outcome: 'success',
    principal: { type: 'user', id: `u-${index % 2}` },
    resource: { type: 'feedback', id: `f-${index}` },
    details: { index },
  };
}

describe('audit trail over HTTP', () => {
  let env: TestSuite;

  before(async () => {
    env = await startTestSuite('audit');
    token = await adminSession(env);
    // Events arrive the way every service sends them: JetStream, with the event id as message id.
    const connection = await connect({ servers: env.nats.url, user: 'feedback', pass: env.nats.passwords.feedback, inboxPrefix: inboxPrefixOf('feedback') });
    const js = jetstream(connection);
    for (let index = 0; index < 30; index += 1) {
      const item = event(index);
      await js.publish(Streams.audit.subjects[0], JSON.stringify(item), { msgID: item.id });
    }
    await connection.close();
    const deadline = Date.now() + 20_000;
    // Other records (the sign-in above, for one) share the chain; wait for these 30.
    while (Date.now() < deadline && (await call(env.gatewayUrl, 'GET', '/api/v1/audit?resourceType=feedback&limit=100')).body.items?.length !== 30) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  after(async () => {
    await env?.stop();
  });

  it('GET /api/v1/audit/verify reports the intact chain', async () => {
    const answer = await call(env.gatewayUrl, 'GET', '/api/v1/audit/verify');
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body).sort(), ['checkpoint', 'entries', 'firstInvalidSeq', 'headHash', 'headSeq', 'valid']);
    assert.deepEqual([answer.body.valid, answer.body.firstInvalidSeq], [true, null]);
    assert.ok(answer.body.entries >= 30);
    assert.equal(answer.body.headSeq, answer.body.entries);
    assert.equal(answer.body.checkpoint.valid, true);
  });

  it('is for admins only: 401 without a caller, 403 for an editor', async () => {
    for (const path of ['/api/v1/audit', '/api/v1/audit/export', '/api/v1/audit/verify']) {
      assert.equal((await httpCall(env.gatewayUrl, 'GET', path)).status, 401, path);
    }
    const editor = await createUser(env, 'editor');
    for (const path of ['/api/v1/audit', '/api/v1/audit/export', '/api/v1/audit/verify']) {
      assert.equal((await httpCall(env.gatewayUrl, 'GET', path, { token: editor.token })).status, 403, path);
    }
  });

  it('GET /api/v1/audit filters and pages with a cursor, newest first', async () => {
    const first = await call(env.gatewayUrl, 'GET', '/api/v1/audit?action=feedback.created&principalId=u-1&limit=5');
    assert.equal(first.status, 200);
    assert.equal(first.body.items.length, 5);
    assert.ok(first.body.items.every((item: AuditEvent & { seq: number }) => item.action === 'feedback.created'));
    const seqs = first.body.items.map((item: { seq: number }) => item.seq);
    assert.deepEqual(seqs, [...seqs].sort((a: number, b: number) => b - a));
    const second = await call(env.gatewayUrl, 'GET', `/api/v1/audit?action=feedback.created&principalId=u-1&limit=5&cursor=${first.body.nextCursor}`);
    assert.equal(second.status, 200);
    assert.ok(second.body.items.length > 0 && second.body.items[0].seq < seqs[4]);

    const bad = await call(env.gatewayUrl, 'GET', '/api/v1/audit?cursor=not-a-cursor');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'PRST-AUD-ERR-00001');
    const invalid = await call(env.gatewayUrl, 'GET', '/api/v1/audit?limit=100000');
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.name, 'VALIDATION_FAILED');
  });

  it('GET /api/v1/audit/export streams NDJSON that the offline verifier accepts', async () => {
    // Read as text: call() would parse anything whose type mentions json.
    const answer = await fetch(`${env.gatewayUrl}/api/v1/audit/export`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /application\/x-ndjson/);
    const body = await answer.text();
    const lines = body.trim().split('\n');
    const records = lines.map((line) => JSON.parse(line));
    assert.deepEqual(records.map((record) => record.seq), Array.from({ length: records.length }, (_, index) => index + 1));
    assert.equal(records.filter((record) => record.resource?.type === 'feedback').length, 30);
    const file = path.join(env.dir, 'export.ndjson');
    writeFileSync(file, body);
    const { stdout } = await promisify(execFile)(process.execPath, [verifierBin, file]);
    assert.equal(JSON.parse(stdout).valid, true);
  });

  it('answers 503 with the error envelope while the audit-log is down', async () => {
    await env.suite.services.get('audit-log')!.kill();
    // The process is gone, but NATS may not have dropped its subscriptions yet (a request routed to
    // them then waits for the whole verify timeout): wait until the health check sees it down.
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const health = await httpCall(env.gatewayUrl, 'GET', '/api/v1/health');
      if (health.body.services?.['audit-log']?.status !== 'ok') break;
    }
    const answer = await call(env.gatewayUrl, 'GET', '/api/v1/audit/verify');
    assert.equal(answer.status, 503);
    assert.equal(answer.body.name, 'SERVICE_UNAVAILABLE');
  });
});
