import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { APP_NAMES, PRODUCT_VERSION } from '@prst/contracts';
import { spawnService, startTestSuite, type TestSuite } from '@prst/local-infra';
import { call } from '../src/index.js';

const ENVELOPE_KEYS = ['code', 'description', 'message', 'name', 'serverCode'];

function assertEnvelope(body: Record<string, unknown>, serverCode: number, name: string): void {
  assert.deepEqual(Object.keys(body).filter((key) => key !== 'details').sort(), ENVELOPE_KEYS);
  assert.equal(body.serverCode, serverCode);
  assert.equal(body.name, name);
  assert.match(String(body.code), /^PRST-[A-Z]+-ERR-\d{5}$/);
  assert.doesNotMatch(JSON.stringify(body), /at \w+ \(|node_modules|\.js:\d+/);
}

describe('foundation: six services over NATS and PostgreSQL', () => {
  let env: TestSuite;

  before(async () => {
    env = await startTestSuite('foundation');
  });
  after(async () => {
    await env?.stop();
  });

  it('GET /api/v1/health lists all six services with the installed version', async () => {
    const answer = await call(env.gatewayUrl, 'GET', '/api/v1/health');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'ok');
    assert.equal(answer.body.version, PRODUCT_VERSION);
    assert.deepEqual(Object.keys(answer.body.services).sort(), [...APP_NAMES].sort());
    for (const app of APP_NAMES) assert.equal(answer.body.services[app].status, 'ok', app);
  });

  it('answers /healthz and /readyz for Kubernetes probes', async () => {
    assert.equal((await call(env.gatewayUrl, 'GET', '/healthz')).status, 200);
    const ready = await call(env.gatewayUrl, 'GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: 'ok', nats: true, database: true });
  });

  it('answers an unknown route with a 404 envelope', async () => {
    const answer = await call(env.gatewayUrl, 'GET', '/api/v1/does-not-exist');
    assert.equal(answer.status, 404);
    assertEnvelope(answer.body, 404, 'ROUTE_NOT_FOUND');
  });

  it('answers malformed JSON with a 400 envelope', async () => {
    const answer = await call(env.gatewayUrl, 'POST', '/api/v1/health', {
      body: '{"unterminated": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(answer.status, 400);
    assertEnvelope(answer.body, 400, 'MALFORMED_JSON');
  });

  it('answers a too large body with a 413 envelope', async () => {
    // The server answers as soon as it sees the size and may close before the upload ends, so read
    // the answer with a client that tolerates the early close (as curl does).
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${env.gatewayUrl}/api/v1/health`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': 2 * 1024 * 1024 + 12 },
      });
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', (error) => (error.message.includes('EPIPE') ? undefined : reject(error)));
      request.end(JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) }));
    });
    assert.equal(answer.status, 413);
    assertEnvelope(JSON.parse(answer.body), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('sends security headers and a request id, and no x-powered-by', async () => {
    const answer = await call(env.gatewayUrl, 'GET', '/api/v1/health', { headers: { 'x-request-id': 'req-12345678' } });
    assert.equal(answer.headers.get('x-request-id'), 'req-12345678');
    assert.match(answer.headers.get('strict-transport-security') ?? '', /max-age=31536000; includeSubDomains/);
    assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
    assert.match(answer.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(answer.headers.get('x-powered-by'), null);
  });

  it('answers 503 naming a stopped service within 2 s, and recovers when it is back', async () => {
    await env.suite.services.get('feedback')!.kill();
    const started = Date.now();
    const answer = await call(env.gatewayUrl, 'GET', '/api/v1/health');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.equal(answer.status, 503);
    assert.equal(answer.body.status, 'error');
    assert.equal(answer.body.services.feedback.status, 'error');
    assert.equal(answer.body.services['audit-log'].status, 'ok');

    env.suite.start('feedback');
    const deadline = Date.now() + 30000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await call(env.gatewayUrl, 'GET', '/api/v1/health')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(status, 200);
  });

  it('a service started without a required variable exits non-zero and names it', async () => {
    const { DATABASE_URL: _omitted, ...withoutDatabase } = env.suite.envOf('audit-log');
    const service = spawnService('audit-log', withoutDatabase);
    const code = await service.exited;
    assert.notEqual(code, 0);
    assert.match(service.output.join('\n'), /DATABASE_URL is required/);
  });

  it('has created the PRST_AUDIT stream, so audit events can be stored', async () => {
    const { connect } = await import('@nats-io/transport-node');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const connection = await connect({ servers: env.nats.url, user: 'audit-log', pass: env.nats.passwords['audit-log'], inboxPrefix: '_INBOX_AUDIT_LOG' });
    try {
      const info = await (await jetstreamManager(connection)).streams.info('PRST_AUDIT');
      assert.deepEqual(info.config.subjects, ['prst.audit.event.record.v1']);
    } finally {
      await connection.close();
    }
  });

  it('prints no configured secret in any log line', () => {
    const logs = env.logs().join('\n');
    for (const app of APP_NAMES) assert.ok(!logs.includes(env.nats.passwords[app]), `NATS password of ${app} leaked`);
  });
});
