import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startTestSuite, type TestSuite } from '@prst/local-infra';
import { adminSession, call, readAuditEvents } from '../src/index.js';
import { startOllamaFake } from './fakes/ai-providers.js';
import type { FakeServer } from './fakes/json-server.js';

const ollamaTemplate = (baseUrl: string) => ({
  request: { method: 'POST', url: `${baseUrl}/api/chat`, body: { model: 'llama3.1:8b', stream: false, messages: [{ role: 'user', content: '{{prompt}}' }] } },
  response: { output: 'message.content', inputTokens: 'prompt_eval_count', outputTokens: 'eval_count' },
  retry: { maxRetries: 0 },
});

function assertEnvelope(answer: { status: number; body: any }, status: number, name: string): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal(answer.body.name, name, JSON.stringify(answer.body));
  assert.match(answer.body.code, /^PRST-[A-Z]+-ERR-\d{5}$/);
}

/** Exact money for the expectations: integer counts of 10^-10 (the stored cost scale). */
const SCALE = 10_000_000_000n;
const money = (units: bigint) => {
  const text = `${units / SCALE}.${(units % SCALE).toString().padStart(10, '0')}`.replace(/\.?0+$/, '');
  return text === '' ? '0' : text;
};

describe('pricing rules and usage', () => {
  let env: TestSuite;
  let url: string;
  let token: string;
  let fake: FakeServer;
  let db: pg.Client;
  let connectorId: string;
  let otherConnectorId: string;
  let promptId: string;

  const http = (method: string, path: string, json?: unknown) => call(url, method, path, json === undefined ? { token } : { json, token });
  const rule = (body: Record<string, unknown>) => http('POST', '/api/v1/pricing-rules', body);
  /** "Tell me" → 2 words: the fake counts 2 + 2 = 4 input tokens; "ollama says: em lleT" is 4 output tokens; total_duration is 1,000,000. */
  const runSync = () => http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { who: 'me' } });

  before(async () => {
    fake = await startOllamaFake();
    env = await startTestSuite('pricing', { env: { 'prompt-executor': { PROVIDER_ALLOWED_HOSTS: `127.0.0.1:${fake.port}` } } });
    url = env.gatewayUrl;
    token = await adminSession(env);
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    const connector = await http('POST', '/api/v1/connectors', { name: 'priced', template: ollamaTemplate(fake.url) });
    assert.equal(connector.status, 201, JSON.stringify(connector.body));
    connectorId = connector.body.id;
    otherConnectorId = (await http('POST', '/api/v1/connectors', { name: 'other', template: ollamaTemplate(fake.url) })).body.id;
    const prompt = await http('POST', '/api/v1/prompts', { name: 'priced-prompt' });
    promptId = prompt.body.id;
    const version = await http('POST', `/api/v1/prompts/${promptId}/versions`, {
      body: 'Tell {{who}}',
      parameters: [{ name: 'who', type: 'string' }],
      connector: { id: connectorId, version: '1' },
    });
    assert.equal(version.status, 201, JSON.stringify(version.body));
  });

  after(async () => {
    await db?.end();
    await env?.stop();
    await fake?.close();
  });

  describe('pricing rules', () => {
    const ids: Record<string, string> = {};

    it('refuses invalid rules with every problem', async () => {
      const base = { name: 'bad', property: 'usage.inputTokens', aggregation: 'sum' };
      const descending = await rule({ ...base, strategy: { type: 'tiered', currency: 'USD', tiers: [{ upTo: '100', price: '1' }, { upTo: '50', price: '1' }, { upTo: null, price: '1' }] } });
      assertEnvelope(descending, 400, 'PRICING_RULE_INVALID');
      assert.match(descending.body.details.join(' '), /ascend/);
      assertEnvelope(await rule({ ...base, strategy: { type: 'per_unit', price: '1', currency: 'usd' } }), 400, 'VALIDATION_FAILED');
      assertEnvelope(await rule({ ...base, strategy: { type: 'per_unit', price: '-1', currency: 'USD' } }), 400, 'VALIDATION_FAILED');
      assertEnvelope(await rule({ ...base, aggregation: 'median', strategy: { type: 'per_unit', price: '1', currency: 'USD' } }), 400, 'VALIDATION_FAILED');
      const unknown = await rule({ ...base, scope: { connectorId: randomUUID() }, strategy: { type: 'flat', currency: 'USD' } });
      assertEnvelope(unknown, 400, 'PRICING_RULE_INVALID');
      assert.equal(unknown.body.details.length, 2, JSON.stringify(unknown.body.details));
      assert.equal((await http('GET', '/api/v1/pricing-rules')).body.total, 0);
    });

    it('creates rules and lists them with exact prices', async () => {
      const created = [
        // 4 input tokens × 0.5 / 1000 = 0.002 USD
        { name: 'input', scope: { connectorId }, property: 'usage.inputTokens', aggregation: 'sum', strategy: { type: 'per_thousand', price: '0.5', currency: 'USD' } },
        // 4 output tokens × 0.0001 = 0.0004 USD (a JSON number is taken by its text, never as a float)
        { name: 'output', scope: { connectorId }, property: 'usage.outputTokens', aggregation: 'sum', strategy: { type: 'per_unit', price: 0.0001, currency: 'USD' } },
        // 0.01 EUR per task of this prompt
        { name: 'flat', scope: { promptId }, property: 'usage.totalTokens', aggregation: 'count', strategy: { type: 'flat', price: '0.01', currency: 'EUR' } },
        // total_duration 1,000,000 from the raw answer: 500,000 × 0.000000001 + 500,000 × 0.0000000005 = 0.00075 GBP
        {
          name: 'tiered',
          scope: { connectorId, promptId },
          property: 'total_duration',
          aggregation: 'max',
          strategy: { type: 'tiered', currency: 'GBP', tiers: [{ upTo: '500000', price: '0.000000001' }, { upTo: null, price: '0.0000000005' }] },
        },
        // Another connector's rule does not apply.
        { name: 'elsewhere', scope: { connectorId: otherConnectorId }, property: 'usage.inputTokens', aggregation: 'sum', strategy: { type: 'flat', price: '1', currency: 'USD' } },
      ];
      for (const body of created) {
        const answer = await rule(body);
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        ids[body.name] = answer.body.id;
      }
      assertEnvelope(await rule(created[0]), 409, 'PRICING_RULE_NAME_TAKEN');
      const output = await http('GET', `/api/v1/pricing-rules/${ids.output}`);
      assert.deepEqual(output.body.strategy, { type: 'per_unit', price: '0.0001', currency: 'USD' });
      const list = await http('GET', '/api/v1/pricing-rules');
      assert.equal(list.body.total, 5);
      assert.deepEqual(list.body.items.find((item: any) => item.name === 'tiered').strategy.tiers, [
        { upTo: '500000', price: '0.000000001' },
        { upTo: null, price: '0.0000000005' },
      ]);
    });

    it('prices a sync task from the rules in scope, per currency, and stores the numeric amounts', async () => {
      const answer = await runSync();
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body.usage, { inputTokens: 4, outputTokens: 4, totalTokens: 8 });
      const expected = { USD: '0.0024', EUR: '0.01', GBP: '0.00075' };
      assert.deepEqual(answer.body.cost, expected);
      assert.deepEqual((await http('GET', `/api/v1/executions/${answer.body.id}`)).body.cost, expected);
      const { rows } = await db.query('SELECT currency, amount::text AS amount FROM prompts.execution_task_cost WHERE task_id = $1 ORDER BY currency', [answer.body.id]);
      assert.deepEqual(rows, [
        { currency: 'EUR', amount: '0.0100000000' },
        { currency: 'GBP', amount: '0.0007500000' },
        { currency: 'USD', amount: '0.0024000000' },
      ]);
    });

    it('prices an async task the same way', async () => {
      const accepted = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { who: 'me' }, async: true });
      assert.equal(accepted.status, 202);
      let task: any;
      for (let i = 0; i < 100; i++) {
        task = (await http('GET', `/api/v1/executions/${accepted.body.id}`)).body;
        if (task.status === 'COMPLETED' || task.status === 'FAILED') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(task.status, 'COMPLETED', JSON.stringify(task.error));
      assert.deepEqual(task.cost, { USD: '0.0024', EUR: '0.01', GBP: '0.00075' });
    });

    it('applies a changed or deleted rule to the next task at once', async () => {
      const updated = await http('PUT', `/api/v1/pricing-rules/${ids.input}`, {
        name: 'input',
        scope: { connectorId },
        property: 'usage.inputTokens',
        aggregation: 'sum',
        strategy: { type: 'per_thousand', price: '1.25', currency: 'USD' },
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal((await http('DELETE', `/api/v1/pricing-rules/${ids.flat}`)).status, 204);
      assertEnvelope(await http('GET', `/api/v1/pricing-rules/${ids.flat}`), 404, 'PRICING_RULE_NOT_FOUND');
      // 4 × 1.25 / 1000 = 0.005, + 0.0004
      assert.deepEqual((await runSync()).body.cost, { USD: '0.0054', GBP: '0.00075' });
    });

    it('gives a failed task no cost', async () => {
      fake.failNext = [{ status: 500 }];
      const answer = await runSync();
      assert.equal(answer.status, 502);
      const taskId = answer.body.details.find((detail: string) => detail.startsWith('taskId=')).slice('taskId='.length);
      assert.equal((await http('GET', `/api/v1/executions/${taskId}`)).body.cost, null);
    });

    it('audits every rule change', async () => {
      const events = (await readAuditEvents(env)).filter((event) => event.resource?.type === 'pricing_rule');
      assert.deepEqual(
        events.filter((event) => event.resource?.id === ids.flat || event.resource?.id === ids.input).map((event) => event.action).sort(),
        ['pricing_rule.created', 'pricing_rule.created', 'pricing_rule.deleted', 'pricing_rule.updated'],
      );
      assert.equal(events.filter((event) => event.action === 'pricing_rule.created').length, 5);
    });
  });

  describe('usage', () => {
    it('refuses a bad groupBy, unreadable dates, from after to and a range too long', async () => {
      assertEnvelope(await http('GET', '/api/v1/usage?groupBy=week'), 400, 'VALIDATION_FAILED');
      assertEnvelope(await http('GET', '/api/v1/usage'), 400, 'VALIDATION_FAILED');
      assertEnvelope(await http('GET', '/api/v1/usage?groupBy=day&from=yesterday'), 400, 'VALIDATION_FAILED');
      assertEnvelope(await http('GET', '/api/v1/usage?groupBy=day&from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z'), 400, 'USAGE_QUERY_INVALID');
      assertEnvelope(await http('GET', '/api/v1/usage?groupBy=day&from=2023-01-01T00:00:00Z&to=2025-01-01T00:00:00Z'), 400, 'USAGE_QUERY_INVALID');
    });

    it('defaults to the last 30 days, which hold the tasks just run', async () => {
      const answer = await http('GET', '/api/v1/usage?groupBy=connector');
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.ok(Math.abs(Date.parse(answer.body.to) - Date.parse(answer.body.from) - 30 * 86_400_000) < 1000);
      const row = answer.body.rows.find((candidate: any) => candidate.key === connectorId);
      // Three priced tasks (sync, async, after the change) and one failure.
      assert.deepEqual(row, { key: connectorId, tasks: 4, failures: 1, inputTokens: 12, outputTokens: 12, cost: { USD: '0.0102', EUR: '0.02', GBP: '0.00225' } });
    });

    it('matches a hand computation over 1,200 seeded tasks for every grouping', async () => {
      // Deterministic pseudo-random tasks in January 2025, far from the live ones.
      let seed = 42;
      const next = (n: number) => {
        // mulberry32: small, deterministic, evenly spread
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
      };
      const prompts = Array.from({ length: 5 }, () => randomUUID());
      const connectors = Array.from({ length: 3 }, () => randomUUID());
      const principals = ['user-a', 'user-b', 'key-c', null];
      const start = Date.parse('2025-01-01T00:00:00Z');
      const tasks = Array.from({ length: 1200 }, () => {
        const failed = next(10) === 0;
        const input = next(5000);
        const output = next(2000);
        const costs: [string, bigint][] = failed ? [] : [['USD', BigInt(next(100_000_000)) * 7n]];
        if (!failed && next(4) === 0) costs.push(['EUR', BigInt(next(5_000_000))]);
        return {
          id: randomUUID(),
          status: failed ? 'FAILED' : 'COMPLETED',
          prompt: prompts[next(prompts.length)],
          connector: connectors[next(connectors.length)],
          principal: principals[next(principals.length)],
          usage: failed ? null : { inputTokens: input, outputTokens: output, totalTokens: input + output },
          createdAt: new Date(start + next(10 * 86_400) * 1000),
          costs,
        };
      });
      await db.query(
        `INSERT INTO prompts.execution_task (id, mode, status, prompt_id, prompt_version_id, prompt_version, connector_id, connector_version_id, connector_version, principal_id, usage, created_at)
         SELECT id, 'sync', status, prompt_id, gen_random_uuid(), '1', connector_id, gen_random_uuid(), '1', principal_id, usage, created_at
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::jsonb[], $7::timestamptz[])
             AS s(id, status, prompt_id, connector_id, principal_id, usage, created_at)`,
        [
          tasks.map((task) => task.id),
          tasks.map((task) => task.status),
          tasks.map((task) => task.prompt),
          tasks.map((task) => task.connector),
          tasks.map((task) => task.principal),
          tasks.map((task) => (task.usage ? JSON.stringify(task.usage) : null)),
          tasks.map((task) => task.createdAt.toISOString()),
        ],
      );
      const costRows = tasks.flatMap((task) => task.costs.map(([currency, units]) => ({ id: task.id, currency, amount: money(units) })));
      await db.query(
        `INSERT INTO prompts.execution_task_cost (task_id, currency, amount)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::numeric[])`,
        [costRows.map((row) => row.id), costRows.map((row) => row.currency), costRows.map((row) => row.amount)],
      );

      const keyOf: Record<string, (task: (typeof tasks)[number]) => string | null> = {
        day: (task) => task.createdAt.toISOString().slice(0, 10),
        prompt: (task) => task.prompt,
        connector: (task) => task.connector,
        principal: (task) => task.principal,
      };
      for (const [groupBy, key] of Object.entries(keyOf)) {
        const expected = new Map<string | null, { tasks: number; failures: number; inputTokens: number; outputTokens: number; cost: Map<string, bigint> }>();
        for (const task of tasks) {
          const group = expected.get(key(task)) ?? { tasks: 0, failures: 0, inputTokens: 0, outputTokens: 0, cost: new Map() };
          group.tasks += 1;
          if (task.status === 'FAILED') group.failures += 1;
          group.inputTokens += task.usage?.inputTokens ?? 0;
          group.outputTokens += task.usage?.outputTokens ?? 0;
          for (const [currency, units] of task.costs) group.cost.set(currency, (group.cost.get(currency) ?? 0n) + units);
          expected.set(key(task), group);
        }
        const answer = await http('GET', `/api/v1/usage?groupBy=${groupBy}&from=2025-01-01T00:00:00Z&to=2025-01-11T00:00:00Z`);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal(answer.body.rows.length, expected.size, groupBy);
        for (const row of answer.body.rows) {
          const group = expected.get(row.key);
          assert.ok(group, `${groupBy}: unexpected group ${row.key}`);
          assert.deepEqual(
            row,
            {
              key: row.key,
              tasks: group.tasks,
              failures: group.failures,
              inputTokens: group.inputTokens,
              outputTokens: group.outputTokens,
              cost: Object.fromEntries([...group.cost].map(([currency, units]) => [currency, money(units)])),
            },
            `${groupBy} ${row.key}`,
          );
        }
      }
      const days = (await http('GET', '/api/v1/usage?groupBy=day&from=2025-01-01T00:00:00Z&to=2025-01-11T00:00:00Z')).body.rows;
      assert.equal(days.reduce((sum: number, row: any) => sum + row.tasks, 0), 1200);
    });
  });
});
