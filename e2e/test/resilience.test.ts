import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startTestSuite, type TestSuite } from '@prst/local-infra';
import { adminSession, call, readAuditEvents } from '../src/index.js';
import { answerFor, startOllamaFake } from './fakes/ai-providers.js';
import type { FakeServer } from './fakes/json-server.js';

/** An Ollama chat connector template pointed at a fake, with a retry policy and fallbacks. */
const ollamaTemplate = (baseUrl: string, extra: Record<string, unknown> = {}) => ({
  request: { method: 'POST', url: `${baseUrl}/api/chat`, body: { model: 'llama3.1:8b', stream: false, messages: [{ role: 'user', content: '{{prompt}}' }] } },
  response: { output: 'message.content', inputTokens: 'prompt_eval_count', outputTokens: 'eval_count' },
  timeoutMs: 5000,
  ...extra,
});

describe('retries, Retry-After and fallbacks', () => {
  let env: TestSuite;
  let url: string;
  let token: string;
  let flaky: FakeServer;
  let down: FakeServer;
  let db: pg.Client;

  const http = (method: string, path: string, json?: unknown) => call(url, method, path, json === undefined ? { token } : { json, token });

  /** A connector from a template, and a prompt version running it; returns the prompt id and connector id. */
  async function setUp(name: string, template: unknown): Promise<{ promptId: string; connectorId: string }> {
    const connector = await http('POST', '/api/v1/connectors', { name, template });
    assert.equal(connector.status, 201, JSON.stringify(connector.body));
    const prompt = await http('POST', '/api/v1/prompts', { name: `prompt-${name}` });
    const version = await http('POST', `/api/v1/prompts/${prompt.body.id}/versions`, {
      body: 'Tell {{who}}',
      parameters: [{ name: 'who', type: 'string' }],
      connector: { id: connector.body.id, version: '1' },
    });
    assert.equal(version.status, 201, JSON.stringify(version.body));
    return { promptId: prompt.body.id, connectorId: connector.body.id };
  }

  const run = (promptId: string, who: string) => http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { who } });

  before(async () => {
    [flaky, down] = await Promise.all([startOllamaFake(), startOllamaFake()]);
    env = await startTestSuite('resilience', {
      env: { 'prompt-executor': { PROVIDER_ALLOWED_HOSTS: [flaky, down].map((fake) => `127.0.0.1:${fake.port}`).join(',') } },
    });
    url = env.gatewayUrl;
    token = await adminSession(env);
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  after(async () => {
    await db?.end();
    await env?.stop();
    await Promise.all([flaky, down].map((fake) => fake?.close()));
  });

  it('retries two 503 answers and completes one task with three attempts recorded', async () => {
    const { promptId, connectorId } = await setUp('flaky', ollamaTemplate(flaky.url, { retry: { maxRetries: 2, baseBackoffMs: 20, maxBackoffMs: 100 } }));
    flaky.failNext = [{ status: 503 }, { status: 503 }];
    const before = flaky.count(/\/api\/chat/);
    const answer = await run(promptId, 'twice');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.output, answerFor('ollama', 'Tell twice'));
    assert.equal(flaky.count(/\/api\/chat/) - before, 3);

    const task = (await http('GET', `/api/v1/executions/${answer.body.id}`)).body;
    assert.equal(task.status, 'COMPLETED');
    assert.equal(task.attempts, 3);
    assert.deepEqual(
      task.attemptsLog.map((a: any) => [a.attempt, a.connectorId, a.connectorVersion, a.status, a.error]),
      [
        [1, connectorId, '1', 503, 'PROVIDER_ERROR'],
        [2, connectorId, '1', 503, 'PROVIDER_ERROR'],
        [3, connectorId, '1', 200, null],
      ],
    );
    assert.ok(task.attemptsLog.every((a: any) => a.latencyMs >= 0 && a.waitMs >= 0 && a.waitMs < 100));
    const { rows } = await db.query('SELECT count(*)::int AS n, max(attempts) AS attempts FROM prompts.execution_task WHERE prompt_id = $1', [promptId]);
    assert.deepEqual(rows[0], { n: 1, attempts: 3 });

    const events = (await readAuditEvents(env)).filter((event) => event.resource?.id === answer.body.id);
    assert.deepEqual(events.map((event) => [event.action, (event.details as any).attempts]), [['execution.completed', 3]]);
  });

  it('falls back to the next connector version when one keeps failing, recording the attempts on both', async () => {
    const healthy = await http('POST', '/api/v1/connectors', { name: 'healthy', template: ollamaTemplate(flaky.url) });
    assert.equal(healthy.status, 201, JSON.stringify(healthy.body));
    const { promptId, connectorId } = await setUp(
      'always-down',
      ollamaTemplate(down.url, { retry: { maxRetries: 1, baseBackoffMs: 10 }, fallbacks: [{ connectorId: healthy.body.id, version: '1' }] }),
    );
    down.failWith = 503;
    const answer = await run(promptId, 'elsewhere');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.output, answerFor('ollama', 'Tell elsewhere'));
    assert.deepEqual(answer.body.connector, { id: healthy.body.id, version: '1' });
    const task = (await http('GET', `/api/v1/executions/${answer.body.id}`)).body;
    assert.equal(task.status, 'COMPLETED');
    assert.deepEqual(
      task.attemptsLog.map((a: any) => [a.connectorId, a.fallback, a.status]),
      [
        [connectorId, 0, 503],
        [connectorId, 0, 503],
        [healthy.body.id, 1, 200],
      ],
    );
    assert.equal(task.attempts, 3);
    assert.equal(down.count(/\/api\/chat/), 2);
  });

  it('fails with every attempt recorded when the fallbacks fail too, and never retries a 400', async () => {
    const broken = await http('POST', '/api/v1/connectors', { name: 'bad-request', template: ollamaTemplate(flaky.url, { retry: { maxRetries: 3 } }) });
    const { promptId } = await setUp('down-then-400', ollamaTemplate(down.url, { retry: { maxRetries: 0 }, fallbacks: [{ connectorId: broken.body.id, version: '1' }] }));
    down.failWith = 503;
    flaky.failNext = [{ status: 400 }];
    const answer = await run(promptId, 'nobody');
    assert.equal(answer.status, 502, JSON.stringify(answer.body));
    assert.equal(answer.body.name, 'PROVIDER_ERROR');
    const taskId = answer.body.details.find((detail: string) => detail.startsWith('taskId=')).slice('taskId='.length);
    const task = (await http('GET', `/api/v1/executions/${taskId}`)).body;
    assert.equal(task.status, 'FAILED');
    assert.deepEqual(task.attemptsLog.map((a: any) => [a.fallback, a.status]), [[0, 503], [1, 400]]);
  });

  it('waits as long as Retry-After asks before the next attempt', async () => {
    const { promptId } = await setUp('rate-limited', ollamaTemplate(flaky.url, { retry: { maxRetries: 2, baseBackoffMs: 10, maxBackoffMs: 50 } }));
    flaky.failNext = [{ status: 429, headers: { 'retry-after': '1' } }];
    const answer = await run(promptId, 'later');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const task = (await http('GET', `/api/v1/executions/${answer.body.id}`)).body;
    assert.deepEqual(task.attemptsLog.map((a: any) => a.status), [429, 200]);
    assert.ok(task.attemptsLog[1].waitMs >= 1000, JSON.stringify(task.attemptsLog));
  });

  it('refuses a connector whose fallback does not exist', async () => {
    const answer = await http('POST', '/api/v1/connectors', {
      name: 'dangling',
      template: ollamaTemplate(flaky.url, { fallbacks: [{ connectorId: '00000000-0000-4000-8000-000000000000', version: '1' }], retry: { maxRetries: 11 } }),
    });
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    const valid = await http('POST', '/api/v1/connectors', {
      name: 'dangling',
      template: ollamaTemplate(flaky.url, { fallbacks: [{ connectorId: '00000000-0000-4000-8000-000000000000', version: '1' }] }),
    });
    assert.equal(valid.status, 400, JSON.stringify(valid.body));
    assert.equal(valid.body.name, 'CONNECTOR_TEMPLATE_INVALID');
    assert.match(valid.body.details.join(' '), /fallbacks\[0\]/);
  });
});
