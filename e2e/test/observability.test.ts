import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { APP_NAMES, type AppName } from '@prst/contracts';
import { freePort, spawnService, startTestSuite, type TestSuite } from '@prst/local-infra';
import { call } from '../src/index.js';

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
  let metricsPort: number;

  const spans = (): SpanLine[] =>
    APP_NAMES.flatMap((app) => {
      const file = path.join(traceDir, `${app}.spans.jsonl`);
      return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as SpanLine) : [];
    });

  before(async () => {
    metricsPort = await freePort();
    const perApp: Partial<Record<AppName, Record<string, string>>> = {};
    env = await startTestSuite('observability', {
      commonEnv: { TRACES_EXPORTER: 'file', LOG_LEVEL: 'debug' },
      env: perApp,
      prepare: (dir) => {
        traceDir = dir;
        for (const app of APP_NAMES) perApp[app] = { TRACES_FILE: path.join(dir, `${app}.spans.jsonl`) };
        perApp.gateway = { ...perApp.gateway, METRICS_ENABLED: 'true', METRICS_HOST: '127.0.0.1', METRICS_PORT: String(metricsPort) };
      },
    });
  });
  after(async () => {
    await env?.stop();
  });

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

  it('log lines are JSON with level, time, service, request id and trace id', async () => {
    await call(env.gatewayUrl, 'GET', '/api/v1/health', { headers: { 'x-request-id': 'log-test-00001' } });
    const lines = env.logs().filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    assert.ok(lines.length > 0);
    for (const line of lines) for (const key of ['level', 'time', 'service', 'message']) assert.ok(key in line, key);
  });

  it('serves Prometheus metrics with the request series on a separate port', async () => {
    await call(env.gatewayUrl, 'GET', '/api/v1/health');
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
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
