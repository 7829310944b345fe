import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnService, startTestSuite, type TestSuite } from '@prst/local-infra';
import { adminSession, call as httpCall, createUser } from '../src/index.js';

/** The root administrator's access token, sent with every call (every route needs a signed-in caller). */
let token: string | undefined;
const call: typeof httpCall = (url, method, path, options = {}) => httpCall(url, method, path, { token, ...options });
import { startFakeSupportEndpoint, type FakeSupportEndpoint } from './fakes/prst-support-endpoint.js';
import { SocketWatch, startTripwire } from './support/process-sockets.js';
import { sleep, waitFor } from './support/wait.js';

const LICENSE_KEY = 'lic-off-0123456789abcdef';

describe('support-notifier: support off', () => {
  let env: TestSuite;
  let fake: FakeSupportEndpoint;
  let tripwire: Awaited<ReturnType<typeof startTripwire>>;
  const sockets = new SocketWatch();

  before(async () => {
    fake = await startFakeSupportEndpoint();
    tripwire = await startTripwire();
    // Everything is configured except the switch itself: nothing may be sent.
    env = await startTestSuite('support-off', {
      env: {
        'support-notifier': {
          ORGANIZATION: 'Acme Test Org',
          LICENSE_KEY,
          ROOT_EMAIL: 'root@acme.test',
          SUPPORT_API_URL: fake.url,
          SUPPORT_API_CA_FILE: fake.caFile,
          SUPPORT_POLL_INTERVAL_MS: '50',
          HTTP_PROXY: tripwire.url,
          HTTPS_PROXY: tripwire.url,
          OTEL_EXPORTER_OTLP_ENDPOINT: tripwire.url,
        },
      },
    });
    sockets.watch(env.suite.services.get('support-notifier')!.pid);
    token = await adminSession(env);
  });

  after(async () => {
    sockets.stop();
    await env?.stop();
    await fake?.close();
    await tripwire?.close();
  });

  it('is off by default in the suite and says so at boot', async () => {
    const answer = await call(env.gatewayUrl, 'GET', '/api/v1/support/categories');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.supportEnabled, false);
    assert.ok(env.suite.services.get('support-notifier')!.output.some((line) => line.includes('support notifications are OFF')));
  });

  it('keeps tickets locally with status disabled and makes no network connection', async () => {
    const before = sockets.endpoints().length;
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const answer = await call(env.gatewayUrl, 'POST', '/api/v1/support/tickets', {
        json: { category: 'security', description: `ticket while support is off ${index}` },
      });
      assert.equal(answer.status, 201);
      assert.equal(answer.body.status, 'disabled');
      ids.push(answer.body.ticketId);
    }
    await sleep(500); // many poll intervals: a worker, if there were one, would have tried by now
    for (const id of ids) {
      const ticket = (await call(env.gatewayUrl, 'GET', `/api/v1/support/tickets/${id}`)).body;
      assert.equal(ticket.status, 'disabled');
      assert.equal(ticket.attempts, 0);
      assert.equal(ticket.nextAttemptAt, null);
    }
    assert.equal(fake.connections(), 0, 'the vendor endpoint was contacted');
    assert.equal(tripwire.contacts(), 0);
    const allowed = new Set([Number(new URL(env.nats.url).port), Number(new URL(env.databaseUrl).port)]);
    const endpoints = sockets.endpoints();
    assert.deepEqual(endpoints.filter((endpoint) => endpoint.address !== '127.0.0.1' || !allowed.has(endpoint.port)), []);
    assert.ok(endpoints.length >= before && endpoints.length > 0, 'the watch saw the NATS and database connections');
  });

  it('lets viewers read, editors and admins open tickets, and refuses anonymous callers', async () => {
    const viewer = await createUser(env, 'viewer');
    const editor = await createUser(env, 'editor');
    const json = { category: 'other', description: 'role check' };
    const asViewer = await httpCall(env.gatewayUrl, 'POST', '/api/v1/support/tickets', { json, token: viewer.token });
    assert.equal(asViewer.status, 403);
    assert.equal((await httpCall(env.gatewayUrl, 'GET', '/api/v1/support/tickets', { token: viewer.token })).status, 200);
    assert.equal((await httpCall(env.gatewayUrl, 'GET', '/api/v1/support/categories', { token: viewer.token })).status, 200);
    const asEditor = await httpCall(env.gatewayUrl, 'POST', '/api/v1/support/tickets', { json, token: editor.token });
    assert.equal(asEditor.status, 201);
    const seen = await httpCall(env.gatewayUrl, 'GET', `/api/v1/support/tickets/${asEditor.body.ticketId}`, { token: viewer.token });
    assert.equal(seen.body.status, 'disabled');
    for (const [method, path] of [['GET', '/api/v1/support/categories'], ['GET', '/api/v1/support/tickets'], ['POST', '/api/v1/support/tickets']]) {
      const options = method === 'POST' ? { json } : {};
      assert.equal((await httpCall(env.gatewayUrl, method, path, options)).status, 401, `${method} ${path} without a token`);
    }
  });

  it('refuses to start with SUPPORT_ENABLED=true and a missing variable, naming it', async () => {
    const { LICENSE_KEY: _omitted, ...withoutKey } = env.suite.envOf('support-notifier');
    const service = spawnService('support-notifier', { ...withoutKey, SUPPORT_ENABLED: 'true' });
    assert.notEqual(await service.exited, 0);
    const output = service.output.join('\n');
    assert.match(output, /LICENSE_KEY is required when SUPPORT_ENABLED=true/);
    assert.doesNotMatch(output, /ORGANIZATION is required|ROOT_EMAIL is required/);
  });

  it('refuses to start with a plain-http SUPPORT_API_URL', async () => {
    const service = spawnService('support-notifier', {
      ...env.suite.envOf('support-notifier'),
      SUPPORT_ENABLED: 'true',
      SUPPORT_API_URL: `http://127.0.0.1:${fake.port}/api/v1/tickets`,
    });
    assert.notEqual(await service.exited, 0);
    assert.match(service.output.join('\n'), /SUPPORT_API_URL must use one of: https/);
    assert.ok(!service.output.join('\n').includes(LICENSE_KEY));
    await waitFor('no contact', () => fake.connections() === 0, 1000);
  });
});
