import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { APP_NAMES, type AppName } from '@prst/contracts';
import { freePort, spawnService, startTestSuite, type TestSuite } from '@prst/local-infra';
import { adminSession, call, createApiCredential, createUser, findLeaks, login, rootPassword } from '../src/index.js';
import { startOpenAiFake } from './fakes/ai-providers.js';
import type { FakeServer } from './fakes/json-server.js';

const PROVIDER_KEY = 'sk-observability-0123456789abcdef';
/** A prompt parameter value: it may be logged at debug level, but never become a span attribute. */
const PARAMETER_VALUE = 'zebra-parameter-7431';

interface SpanLine {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  attributes: Record<string, unknown>;
}

describe('observability: logs, traces and metrics stay inside', () => {
  let env: TestSuite;
  let traceDir: string;
  const metricsPorts: Partial<Record<AppName, number>> = {};
  let openai: FakeServer;

  const spans = (): SpanLine[] =>
    APP_NAMES.flatMap((app) => {
      const file = path.join(traceDir, `${app}.spans.jsonl`);
      return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as SpanLine) : [];
    });

  before(async () => {
    openai = await startOpenAiFake(PROVIDER_KEY);
    for (const app of ['gateway', 'prompt-executor', 'audit-log'] as const) metricsPorts[app] = await freePort();
    const perApp: Partial<Record<AppName, Record<string, string>>> = {};
    env = await startTestSuite('observability', {
      commonEnv: { TRACES_EXPORTER: 'file', LOG_LEVEL: 'debug' },
      env: perApp,
      prepare: (dir) => {
        traceDir = dir;
        for (const app of APP_NAMES) perApp[app] = { TRACES_FILE: path.join(dir, `${app}.spans.jsonl`) };
        for (const [app, port] of Object.entries(metricsPorts) as [AppName, number][]) {
          perApp[app] = { ...perApp[app], METRICS_ENABLED: 'true', METRICS_HOST: '127.0.0.1', METRICS_PORT: String(port) };
        }
        perApp['prompt-executor'] = { ...perApp['prompt-executor'], PROVIDER_ALLOWED_HOSTS: `127.0.0.1:${openai.port}` };
      },
    });
  });
  after(async () => {
    await env?.stop();
    await openai?.close();
  });

  /** A published prompt with one parameter on an OpenAI-compatible connector whose key is in the vault (made once). */
  let published: Promise<string> | undefined;
  const publishedPrompt = (token: string) => (published ??= createPublishedPrompt(token));
  const createPublishedPrompt = async (token: string): Promise<string> => {
    const http = async (method: string, route: string, json: unknown, status: number) => {
      const answer = await call(env.gatewayUrl, method, route, { token, json });
      assert.equal(answer.status, status, `${method} ${route}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    const credential = await http('POST', '/api/v1/credentials', { name: 'observed-key', values: { apiKey: PROVIDER_KEY } }, 201);
    const connector = await http(
      'POST',
      '/api/v1/connectors',
      { name: 'observed', preset: 'openai-compatible-chat', baseUrl: `${openai.url}/v1`, model: 'gpt-test', credentialId: credential.id },
      201,
    );
    const prompt = await http('POST', '/api/v1/prompts', { name: 'observed prompt' }, 201);
    const parameters = [{ name: 'topic', type: 'string', required: true }];
    await http('POST', `/api/v1/prompts/${prompt.id}/versions`, { body: 'Tell me about {{topic}}', parameters, connector: { id: connector.id, version: '1' } }, 201);
    await http('PATCH', `/api/v1/prompts/${prompt.id}/versions/1/status`, { status: 'published' }, 200);
    return prompt.id;
  };

  it('one request gives one trace across the gateway and every service it reached over NATS', async () => {
    const answer = await call(env.gatewayUrl, 'GET', '/api/v1/health', { headers: { 'x-request-id': 'trace-test-0001' } });
    assert.equal(answer.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const root = spans().find((span) => span.name === 'HTTP GET /api/v1/health' && span.attributes['prst.request_id'] === 'trace-test-0001');
    assert.ok(root, 'no span for the HTTP request');
    const trace = spans().filter((span) => span.traceId === root.traceId);
    const handled = new Set(trace.filter((span) => span.name.startsWith('nats handle')).map((span) => span.service));
    assert.deepEqual([...handled].sort(), APP_NAMES.filter((app) => app !== 'gateway').sort());
    assert.ok(trace.some((span) => span.name === 'db query' && span.service === 'feedback'), 'no database span');
    // Every span but the root has its parent in the same trace.
    const ids = new Set(trace.map((span) => span.spanId));
    for (const span of trace) if (span.spanId !== root.spanId) assert.ok(span.parentSpanId && ids.has(span.parentSpanId), span.name);
  });

  it('one execution gives one trace: gateway, prompt-executor, credential-vault, provider call and audit publish', async () => {
    const token = await adminSession(env);
    const promptId = await publishedPrompt(token);
    const answer = await call(env.gatewayUrl, 'POST', '/api/v1/executions', {
      token,
      headers: { 'x-request-id': 'trace-exec-0001' },
      json: { prompt: { id: promptId }, parameters: { topic: PARAMETER_VALUE } },
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const root = spans().find((span) => span.name === 'HTTP POST /api/v1/executions' && span.attributes['prst.request_id'] === 'trace-exec-0001');
    assert.ok(root, 'no span for the HTTP request');
    const trace = spans().filter((span) => span.traceId === root.traceId);
    const has = (service: AppName, name: RegExp) => trace.some((span) => span.service === service && name.test(span.name));
    assert.ok(has('gateway', /^nats request prst\.executor\.execution\.run\.v1$/), 'gateway → executor request');
    assert.ok(has('prompt-executor', /^nats handle prst\.executor\.execution\.run\.v1$/), 'executor handles the run');
    assert.ok(has('prompt-executor', /^nats request prst\.vault\.credential\.resolve\.v1$/), 'executor → vault request');
    assert.ok(has('credential-vault', /^nats handle prst\.vault\.credential\.resolve\.v1$/), 'vault resolves');
    assert.ok(has('credential-vault', /^audit publish$/), 'vault audits the resolve');
    assert.ok(has('prompt-executor', /^audit publish$/), 'executor audits the execution');
    const provider = trace.find((span) => span.service === 'prompt-executor' && span.name === 'provider POST');
    assert.ok(provider, 'no span for the provider call');
    assert.equal(provider.attributes['server.address'], '127.0.0.1');
    assert.equal(provider.attributes['http.response.status_code'], 200);
    const ids = new Set(trace.map((span) => span.spanId));
    for (const span of trace) if (span.spanId !== root.spanId) assert.ok(span.parentSpanId && ids.has(span.parentSpanId), span.name);
  });

  it('finds no credential, password or token in any log line or span attribute of any service', async () => {
    // A request of each kind that carries a secret: a failed and a good sign-in, a user's password,
    // a session token and an API key in headers, and a provider key stored and used by an execution.
    const token = await adminSession(env);
    const wrongPassword = 'Wrong-Password-Guess-8812';
    assert.equal((await call(env.gatewayUrl, 'POST', '/api/v1/auth/login', { json: { email: env.rootEmail, password: wrongPassword } })).status, 401);
    const session = await login(env, env.rootEmail, rootPassword(env));
    const user = await createUser(env, 'editor');
    const apiKey = await createApiCredential(env, 'editor');
    const promptId = await publishedPrompt(token);
    const run = await call(env.gatewayUrl, 'POST', '/api/v1/executions', {
      headers: { authorization: `Bearer ${apiKey.key}` },
      json: { prompt: { id: promptId }, parameters: { topic: PARAMETER_VALUE } },
    });
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', { token: user.token })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const secrets = [PROVIDER_KEY, env.rootPassword, rootPassword(env), wrongPassword, user.password, token, session.accessToken, session.refreshToken, user.token, apiKey.key];
    const logs = env.logs().join('\n');
    const spanText = JSON.stringify(spans());
    assert.ok(logs.length > 10_000 && spanText.length > 10_000, 'too little output to scan');
    assert.deepEqual(findLeaks(logs, secrets), [], 'a secret in a log line');
    assert.deepEqual(findLeaks(spanText, [...secrets, PARAMETER_VALUE]), [], 'a secret or a parameter value in a span');
  });

  it('log lines are JSON with level, time, service, request id and trace id', async () => {
    await call(env.gatewayUrl, 'GET', '/api/v1/health', { headers: { 'x-request-id': 'log-test-00001' } });
    const lines = env.logs().filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    assert.ok(lines.length > 0);
    for (const line of lines) for (const key of ['level', 'time', 'service', 'message']) assert.ok(key in line, key);
  });

  it('serves Prometheus metrics with the request series on a separate port', async () => {
    await call(env.gatewayUrl, 'GET', '/api/v1/health');
    const response = await fetch(`http://127.0.0.1:${metricsPorts.gateway}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/plain/);
    const text = await response.text();
    assert.match(text, /^prst_http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} \d+/m);
    assert.match(text, /^prst_http_request_duration_seconds_bucket\{/m);
    assert.match(text, /^prst_nats_request_duration_seconds_count\{subject="prst\.feedback\.health\.v1",outcome="ok"\} \d+/m);
    for (const series of ['prst_executions_total', 'prst_provider_request_duration_seconds', 'prst_audit_consumer_lag']) {
      assert.match(text, new RegExp(`^# TYPE ${series} `, 'm'));
    }
  });

  it('counts executions and provider latency in the prompt-executor, and the audit lag in the audit-log', async () => {
    const scrape = async (app: AppName) => (await fetch(`http://127.0.0.1:${metricsPorts[app]}/metrics`)).text();
    const executor = await scrape('prompt-executor');
    assert.match(executor, /^prst_executions_total\{status="COMPLETED",connector="[0-9a-f-]{36}"\} [1-9]/m);
    assert.match(executor, new RegExp(`^prst_provider_request_duration_seconds_count\\{host="127\\.0\\.0\\.1:${openai.port}",status="200"\\} [1-9]`, 'm'));
    assert.match(await scrape('audit-log'), /^prst_audit_consumer_lag \d+$/m);
  });

  it('refuses at boot an OTLP endpoint outside the private network', async () => {
    for (const endpoint of ['http://8.8.8.8:4318', 'https://collector.example.com']) {
      const service = spawnService('feedback', {
        ...env.suite.envOf('feedback'),
        TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      });
      assert.notEqual(await service.exited, 0);
      assert.match(service.output.join('\n'), /OTEL_EXPORTER_OTLP_ENDPOINT points at .* only be sent inside your network/);
    }
  });
});
