import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SUPPORT_CATEGORIES } from '@prst/contracts';
import { spawnService, startTestSuite, type ServiceProcess, type TestSuite } from '@prst/local-infra';
import { adminSession, call as httpCall } from '../src/index.js';

/** The root administrator's access token, sent with every call (every route needs a signed-in caller). */
let token: string | undefined;
const call: typeof httpCall = (url, method, path, options = {}) => httpCall(url, method, path, { token, ...options });
import { startFakeSupportEndpoint, type FakeSupportEndpoint, type ReceivedNotification } from './fakes/prst-support-endpoint.js';
import { SocketWatch, startTripwire } from './support/process-sockets.js';
import { readAuditEvents } from '../src/index.js';
import { sleep, waitFor } from './support/wait.js';

const SIX_KEYS = ['description', 'email', 'license_key', 'organization', 'support_category', 'ticket_id'];
/** Headers that only frame the HTTP message, plus the two the issue allows. */
const ALLOWED_HEADERS = new Set(['host', 'connection', 'content-length', 'content-type', 'idempotency-key']);
const ORGANIZATION = 'Acme Test Org';
const LICENSE_KEY = `lic-${randomBytes(12).toString('hex')}`;
const BASE_MS = 500;

describe('support-notifier: tickets delivered to the vendor endpoint (support on)', () => {
  let env: TestSuite;
  let fake: FakeSupportEndpoint;
  let tripwire: Awaited<ReturnType<typeof startTripwire>>;
  const sockets = new SocketWatch();
  const extraReplicas: ServiceProcess[] = [];
  /** What each created ticket must look like at the vendor. */
  const expected = new Map<string, { category: string; description: string }>();

  const gateway = () => env.gatewayUrl;
  const supportProcess = () => env.suite.services.get('support-notifier')!;
  const getTicket = async (id: string) => (await call(gateway(), 'GET', `/api/v1/support/tickets/${id}`)).body;
  const createTicket = async (category: string, description: string, sentDescription = description) => {
    const answer = await call(gateway(), 'POST', '/api/v1/support/tickets', { json: { category, description } });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    expected.set(answer.body.ticketId, { category, description: sentDescription });
    return answer.body as { ticketId: string; category: string; status: string; createdAt: string };
  };
  const waitForStatus = (id: string, status: string, timeoutMs = 20000) =>
    waitFor(`ticket ${id} to be ${status}`, async () => {
      const ticket = await getTicket(id);
      return ticket.status === status ? ticket : undefined;
    }, timeoutMs);

  before(async () => {
    fake = await startFakeSupportEndpoint();
    tripwire = await startTripwire();
    env = await startTestSuite('support', {
      env: {
        'support-notifier': {
          SUPPORT_ENABLED: 'true',
          ORGANIZATION,
          LICENSE_KEY,
          SUPPORT_API_URL: fake.url,
          SUPPORT_API_CA_FILE: fake.caFile,
          SUPPORT_RETRY_BASE_MS: String(BASE_MS),
          SUPPORT_RETRY_MAX_DELAY_MS: '10000',
          SUPPORT_POLL_INTERVAL_MS: '100',
          SUPPORT_REQUEST_TIMEOUT_MS: '5000',
          // Every other address a library might honour points at a listener that must never be contacted.
          HTTP_PROXY: tripwire.url,
          HTTPS_PROXY: tripwire.url,
          ALL_PROXY: tripwire.url,
          http_proxy: tripwire.url,
          https_proxy: tripwire.url,
          OTEL_EXPORTER_OTLP_ENDPOINT: tripwire.url,
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: tripwire.url,
        },
      },
    });
    sockets.watch(supportProcess().pid);
    token = await adminSession(env);
  });

  after(async () => {
    sockets.stop();
    await Promise.all(extraReplicas.map((replica) => replica.stop()));
    await env?.stop();
    await fake?.close();
    await tripwire?.close();
  });

  it('lists the predefined categories and says support is on', async () => {
    const answer = await call(gateway(), 'GET', '/api/v1/support/categories');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { categories: [...SUPPORT_CATEGORIES], supportEnabled: true });
    assert.deepEqual(answer.body.categories, ['installation', 'upgrade', 'connectors', 'executions', 'performance', 'security', 'billing', 'other']);
  });

  it('creates a ticket, sends it once and shows it as sent', async () => {
    const created = await createTicket('installation', 'Helm install hangs\u0007 at\u001b[0m the migration job\r\nsecond line', 'Helm install hangs at[0m the migration job\nsecond line');
    assert.deepEqual(Object.keys(created).sort(), ['category', 'createdAt', 'status', 'ticketId']);
    assert.equal(created.status, 'pending');
    assert.match(created.ticketId, /^[0-9a-f-]{36}$/);
    const sent = await waitForStatus(created.ticketId, 'sent');
    assert.equal(sent.attempts, 1);
    assert.equal(sent.lastError, null);
    assert.equal(sent.description, 'Helm install hangs at[0m the migration job\nsecond line');
    assert.ok(sent.sentAt);
    const requests = fake.forTicket(created.ticketId);
    assert.equal(requests.length, 1);
    assert.deepEqual(requests[0].body, {
      organization: ORGANIZATION,
      license_key: LICENSE_KEY,
      email: env.rootEmail,
      support_category: 'installation',
      description: 'Helm install hangs at[0m the migration job\nsecond line',
      ticket_id: created.ticketId,
    });
  });

  it('refuses an unknown category, a description over 5,000 characters, unknown fields and an empty description', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ category: 'gossip', description: 'x' }, /category must be one of/],
      [{ category: 'other', description: 'x'.repeat(5001) }, /description/],
      [{ category: 'other', description: 'x', hostname: 'db-1' }, /hostname/],
      [{ category: 'other', description: '\u0000\u0001 ' }, /readable text/],
      [{ category: 'other' }, /description/],
    ];
    for (const [json, message] of cases) {
      const answer = await call(gateway(), 'POST', '/api/v1/support/tickets', { json });
      assert.equal(answer.status, 400, JSON.stringify(json).slice(0, 80));
      assert.equal(answer.body.name, 'VALIDATION_FAILED');
      assert.match(answer.body.description, message);
    }
    const noBody = await call(gateway(), 'POST', '/api/v1/support/tickets');
    assert.equal(noBody.status, 400);
    const longest = await createTicket('other', 'é'.repeat(5000));
    assert.equal(longest.status, 'pending');
    await waitForStatus(longest.ticketId, 'sent');
  });

  it('retries with backoff when the vendor fails three times, then records one sent delivery with attempts = 4', async () => {
    fake.behaviour = (request) =>
      String(request.body?.description).startsWith('[flaky]') && request.nth <= 3
        ? { status: 503, body: { error: 'maintenance' } }
        : { status: 201, body: { status: 'received' } };
    const created = await createTicket('connectors', '[flaky] OpenAI connector times out');
    const sent = await waitForStatus(created.ticketId, 'sent');
    assert.equal(sent.attempts, 4);
    assert.equal(sent.lastError, null);
    const requests = fake.forTicket(created.ticketId);
    assert.deepEqual(requests.map((request) => request.answered), [503, 503, 503, 201]);
    // Every retry carries the same body.
    assert.equal(new Set(requests.map((request) => request.rawBody)).size, 1);
    await sleep(BASE_MS * 2);
    assert.equal(fake.forTicket(created.ticketId).length, 4, 'nothing is sent after the success');
  });

  it('marks a permanent 4xx as failed with the reason and stops trying', async () => {
    fake.behaviour = (request) =>
      String(request.body?.description).startsWith('[reject]')
        ? { status: 422, body: { error: 'unknown license key' } }
        : { status: 201, body: { status: 'received' } };
    const created = await createTicket('billing', '[reject] invoice question');
    const failed = await waitForStatus(created.ticketId, 'failed');
    assert.equal(failed.attempts, 1);
    assert.match(failed.lastError, /HTTP 422/);
    assert.match(failed.lastError, /unknown license key/);
    assert.equal(failed.nextAttemptAt, null);
    await sleep(BASE_MS * 3);
    assert.equal(fake.forTicket(created.ticketId).length, 1);
  });

  it('delivers exactly once after the service is killed between attempts', async () => {
    // The second failure asks for a 3 s pause (Retry-After), a window in which the kill surely falls
    // between attempts 2 and 3 even on a busy machine.
    fake.behaviour = (request) => {
      if (!String(request.body?.description).startsWith('[restart]') || request.nth > 3) return { status: 201, body: { status: 'received' } };
      const headers: Record<string, string> = request.nth === 2 ? { 'retry-after': '3' } : {};
      return { status: 503, body: { error: 'boom' }, headers };
    };
    const created = await createTicket('upgrade', '[restart] upgrade to 0.2 fails');
    await waitFor('two recorded attempts', async () => ((await getTicket(created.ticketId)).attempts === 2 ? true : undefined), 20000, 20);
    await supportProcess().kill(); // SIGKILL: no graceful shutdown
    assert.equal(fake.forTicket(created.ticketId).length, 2, 'killed between attempts 2 and 3');

    await sleep(3500); // attempt 3 falls due while the service is down
    assert.equal(fake.forTicket(created.ticketId).length, 2);
    sockets.watch(env.suite.start('support-notifier').pid);
    const sent = await waitForStatus(created.ticketId, 'sent', 60000);
    assert.equal(sent.attempts, 4);
    const requests = fake.forTicket(created.ticketId);
    assert.deepEqual(requests.map((request) => request.answered), [503, 503, 503, 201]);
    await sleep(BASE_MS * 2);
    assert.equal(fake.forTicket(created.ticketId).filter((request) => request.answered === 201).length, 1);
    assert.equal(fake.forTicket(created.ticketId).length, 4);
  });

  it('two replicas polling the same outbox send every ticket once', async () => {
    const replica = spawnService('support-notifier', env.suite.envOf('support-notifier'));
    extraReplicas.push(replica);
    sockets.watch(replica.pid);
    await waitFor('the second replica to listen', () => replica.output.some((line) => line.includes('listening on NATS')), 60000);
    // A slow vendor widens the window in which both replicas look for due jobs.
    fake.behaviour = () => ({ status: 201, body: { status: 'received' }, delayMs: 150 });
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, index) => createTicket('performance', `replica ticket ${index}`)),
    );
    for (const ticket of created) await waitForStatus(ticket.ticketId, 'sent');
    await sleep(500);
    for (const ticket of created) {
      assert.equal(fake.forTicket(ticket.ticketId).length, 1, `ticket ${ticket.ticketId} was sent once`);
      assert.equal((await getTicket(ticket.ticketId)).attempts, 1);
    }
    await replica.stop();
  });

  it('lists tickets newest first and answers 404/400 for unknown and malformed ids', async () => {
    const answer = await call(gateway(), 'GET', '/api/v1/support/tickets?limit=200');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.total, expected.size);
    assert.deepEqual(new Set(answer.body.items.map((item: { ticketId: string }) => item.ticketId)), new Set(expected.keys()));
    const times = answer.body.items.map((item: { createdAt: string }) => item.createdAt);
    assert.deepEqual(times, [...times].sort().reverse());
    const page = await call(gateway(), 'GET', '/api/v1/support/tickets?limit=2&offset=1');
    assert.deepEqual(page.body.items.map((item: { ticketId: string }) => item.ticketId), answer.body.items.slice(1, 3).map((item: { ticketId: string }) => item.ticketId));

    const missing = await call(gateway(), 'GET', '/api/v1/support/tickets/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.name, 'SUPPORT_TICKET_NOT_FOUND');
    assert.equal(missing.body.code, 'PRST-SUP-ERR-00001');
    const malformed = await call(gateway(), 'GET', '/api/v1/support/tickets/not-a-uuid');
    assert.equal(malformed.status, 400);
    assert.equal((await call(gateway(), 'GET', '/api/v1/support/tickets?limit=abc')).status, 400);
  });

  it('the vendor received, for every ticket and every retry, exactly the six fields and no other data-carrying header', () => {
    assert.ok(fake.received.length >= expected.size + 6);
    for (const request of fake.received) {
      assert.equal(request.method, 'POST');
      assert.equal(request.path, '/api/v1/tickets');
      assert.deepEqual(Object.keys(request.body ?? {}).sort(), SIX_KEYS);
      const ticket = expected.get(String(request.body!.ticket_id));
      assert.ok(ticket, 'the ticket id is one of ours');
      assert.deepEqual(request.body, {
        organization: ORGANIZATION,
        license_key: LICENSE_KEY,
        email: env.rootEmail,
        support_category: ticket.category,
        description: ticket.description,
        ticket_id: request.body!.ticket_id,
      });
      const extra = request.headerNames.filter((name) => !ALLOWED_HEADERS.has(name));
      assert.deepEqual(extra, [], `unexpected headers ${extra.join(', ')}`);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['idempotency-key'], request.body!.ticket_id);
      assert.equal(request.headers.host, `127.0.0.1:${fake.port}`);
    }
  });

  it('audits ticket creation and every delivery outcome, never with the license key', async () => {
    const events = await readAuditEvents(env);
    const support = events.filter((event) => event.service === 'support-notifier');
    for (const ticketId of expected.keys()) {
      const mine = support.filter((event) => event.resource?.id === ticketId).map((event) => event.action);
      assert.ok(mine.includes('support.ticket.created'), `created event of ${ticketId}`);
      assert.ok(mine.includes('support.ticket.delivered') || mine.includes('support.ticket.delivery_failed'), `outcome of ${ticketId}`);
    }
    const failed = support.find((event) => event.action === 'support.ticket.delivery_failed');
    assert.equal(failed?.outcome, 'failure');
    assert.match(String(failed?.details.reason), /HTTP 422/);
    assert.ok(!JSON.stringify(events).includes(LICENSE_KEY), 'the license key is in the audit trail');
  });

  it('never logs the license key', () => {
    assert.ok(!env.logs().join('\n').includes(LICENSE_KEY));
    assert.ok(!extraReplicas.flatMap((replica) => replica.output).join('\n').includes(LICENSE_KEY));
  });

  it('connected to no host other than SUPPORT_API_URL (besides its own NATS and database)', () => {
    assert.equal(tripwire.contacts(), 0, 'a proxy or exporter address was contacted');
    const allowed = new Set([Number(new URL(env.nats.url).port), Number(new URL(env.databaseUrl).port), fake.port]);
    const endpoints = sockets.endpoints();
    const others = endpoints.filter((endpoint) => endpoint.address !== '127.0.0.1' || !allowed.has(endpoint.port));
    assert.deepEqual(others, []);
    assert.ok(endpoints.some((endpoint) => endpoint.port === fake.port), 'the watch saw the vendor connections');
    assert.ok(fake.connections() > 0);
  });
});
