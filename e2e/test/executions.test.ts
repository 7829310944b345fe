import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startTestSuite, type TestSuite } from '@prst/local-infra';
import { adminSession, call } from '../src/index.js';
import { answerFor, startAnthropicFake, startCustomApiFake, startGeminiFake, startOllamaFake, startOpenAiFake } from './fakes/ai-providers.js';
import { wordsIn, type FakeServer } from './fakes/json-server.js';
import { readAuditEvents } from '../src/index.js';

const API_KEY = 'sk-fake-e2e-0123456789abcdef';
const CLIENT_ID = 'custom-client';
const CLIENT_SECRET = 'custom-secret-9f8e7d6c5b4a';

function assertEnvelope(answer: { status: number; body: any }, status: number, name: string): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal(answer.body.serverCode, status);
  assert.equal(answer.body.name, name);
  assert.match(answer.body.code, /^PRST-[A-Z]+-ERR-\d{5}$/);
  assert.equal(typeof answer.body.description, 'string');
}

/** The root administrator's access token (every route needs a signed-in caller). */
let token: string;

async function poll(url: string, id: string, until: (body: any) => boolean, timeoutMs = 30000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    last = (await call(url, 'GET', `/api/v1/executions/${id}`, { token })).body;
    if (until(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`execution ${id} did not get there in time; last: ${JSON.stringify(last)}`);
}

describe('prompts, connectors and executions', () => {
  let env: TestSuite;
  let url: string;
  let openai: FakeServer;
  let anthropic: FakeServer;
  let gemini: FakeServer;
  let ollama: FakeServer;
  let custom: Awaited<ReturnType<typeof startCustomApiFake>>;
  let db: pg.Client;
  const answers: string[] = [];

  /** Every HTTP answer body, so the secret check sees what users saw. */
  const http = async (method: string, path: string, json?: unknown) => {
    const answer = await call(url, method, path, json === undefined ? { token } : { json, token });
    answers.push(JSON.stringify(answer.body));
    return answer;
  };

  const createPrompt = async (body: string, parameters: unknown[], connector: { id: string; version: string }, extra: Record<string, unknown> = {}) => {
    const prompt = await http('POST', '/api/v1/prompts', { name: `p-${Math.random().toString(36).slice(2)}` });
    assert.equal(prompt.status, 201, JSON.stringify(prompt.body));
    const version = await http('POST', `/api/v1/prompts/${prompt.body.id}/versions`, { body, parameters, connector, ...extra });
    assert.equal(version.status, 201, JSON.stringify(version.body));
    return { promptId: prompt.body.id as string, version: version.body };
  };

  before(async () => {
    [openai, anthropic, gemini, ollama, custom] = await Promise.all([
      startOpenAiFake(API_KEY),
      startAnthropicFake(API_KEY),
      startGeminiFake(API_KEY),
      startOllamaFake(),
      startCustomApiFake(CLIENT_ID, CLIENT_SECRET),
    ]);
    const allowed = [openai, anthropic, gemini, ollama, custom].map((fake) => `127.0.0.1:${fake.port}`).join(',');
    env = await startTestSuite('executions', {
      env: { 'prompt-executor': { PROVIDER_ALLOWED_HOSTS: allowed, TASK_ACK_WAIT_MS: '2000', EXECUTION_DEFAULT_TIMEOUT_MS: '5000' } },
    });
    url = env.gatewayUrl;
    token = await adminSession(env);
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  after(async () => {
    await db?.end();
    await env?.stop();
    await Promise.all([openai, anthropic, gemini, ollama, custom].map((fake) => fake?.close()));
  });

  describe('connectors', () => {
    it('lists the six presets', async () => {
      const answer = await http('GET', '/api/v1/connectors/presets');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body.map((preset: any) => preset.name).sort(), [
        'anthropic-messages',
        'azure-openai-chat',
        'gemini-generate',
        'ollama-chat',
        'openai-chat',
        'openai-compatible-chat',
      ]);
    });

    it('creates version "1" from a preset with the given address and model', async () => {
      const answer = await http('POST', '/api/v1/connectors', { name: 'ollama-local', preset: 'ollama-chat', baseUrl: ollama.url, model: 'llama3.1:8b' });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.equal(answer.body.latestVersion, '1');
      assert.equal(answer.body.versions[0].template.request.url, `${ollama.url}/api/chat`);
      assert.equal(answer.body.versions[0].template.request.body.model, 'llama3.1:8b');
    });

    it('refuses a connector aimed at the cloud metadata address or at the NATS port, and stores nothing', async () => {
      const before = (await http('GET', '/api/v1/connectors')).body.total;
      const metadata = await http('POST', '/api/v1/connectors', { name: 'metadata', preset: 'ollama-chat', baseUrl: 'http://169.254.169.254' });
      assertEnvelope(metadata, 403, 'EGRESS_REFUSED');
      assert.match(metadata.body.description, /169\.254\.169\.254/);
      const nats = await http('POST', '/api/v1/connectors', { name: 'nats', preset: 'ollama-chat', baseUrl: `http://127.0.0.1:${env.nats.port}` });
      assertEnvelope(nats, 403, 'EGRESS_REFUSED');
      assert.match(nats.body.description, new RegExp(`127\\.0\\.0\\.1:${env.nats.port}`));
      const viaAuth = await http('POST', '/api/v1/connectors', {
        name: 'sneaky',
        template: {
          request: { method: 'POST', url: `${ollama.url}/api/chat`, body: { q: '{{prompt}}' } },
          authRequest: { method: 'POST', url: 'http://169.254.169.254/latest/meta-data/iam', extract: { token: 'token' } },
          response: { output: 'message.content' },
        },
      });
      assertEnvelope(viaAuth, 403, 'EGRESS_REFUSED');
      assert.equal((await http('GET', '/api/v1/connectors')).body.total, before);
    });

    it('refuses a template with unknown placeholders or a header line break, listing each problem', async () => {
      const answer = await http('POST', '/api/v1/connectors', {
        name: 'broken',
        template: {
          request: { method: 'POST', url: `${ollama.url}/api/chat`, headers: { 'x-a': 'one\r\nx-b: two' }, body: { q: '{{prompt}}', k: '{{secrets.key}}' } },
          response: { output: 'choices[0' },
        },
      });
      assertEnvelope(answer, 400, 'CONNECTOR_TEMPLATE_INVALID');
      assert.equal(answer.body.details.length, 3, JSON.stringify(answer.body.details));
    });
  });

  describe('prompts', () => {
    let connector: { id: string; version: string };

    before(async () => {
      const created = await http('POST', '/api/v1/connectors', { name: 'ollama-prompts', preset: 'ollama-chat', baseUrl: ollama.url });
      connector = { id: created.body.id, version: '1' };
    });

    it('lists every undeclared placeholder and every unused parameter, and creates no version', async () => {
      const prompt = await http('POST', '/api/v1/prompts', { name: 'mismatch' });
      const answer = await http('POST', `/api/v1/prompts/${prompt.body.id}/versions`, {
        body: 'Write about {{topic}} for {{audience}}.',
        parameters: [{ name: 'topic', type: 'string' }, { name: 'length', type: 'number' }],
        connector,
      });
      assertEnvelope(answer, 400, 'PLACEHOLDERS_MISMATCH');
      assert.deepEqual(answer.body.details, ['placeholder {{audience}} is not a declared parameter', 'parameter length is not used in the body']);
      assert.deepEqual((await http('GET', `/api/v1/prompts/${prompt.body.id}/versions`)).body, []);
    });

    it('numbers versions, keeps published ones immutable and moves labels', async () => {
      const { promptId } = await createPrompt('Hi {{name}}', [{ name: 'name', type: 'string' }], connector);
      const second = await http('POST', `/api/v1/prompts/${promptId}/versions`, { body: 'Hello {{name}}', parameters: [{ name: 'name', type: 'string' }], connector });
      assert.equal(second.body.version, '2');
      const taken = await http('POST', `/api/v1/prompts/${promptId}/versions`, { version: '2', body: 'x', parameters: [], connector });
      assertEnvelope(taken, 409, 'VERSION_LABEL_TAKEN');
      assert.equal((await http('PATCH', `/api/v1/prompts/${promptId}/versions/1/status`, { status: 'published' })).body.status, 'published');
      assertEnvelope(await http('PATCH', `/api/v1/prompts/${promptId}/versions/1/status`, { status: 'draft' }), 409, 'VERSION_STATUS_CHANGE_REFUSED');
      assert.equal((await http('PUT', `/api/v1/prompts/${promptId}/labels/production`, { version: '1' })).body.labels.production, '1');
      assert.equal((await http('PUT', `/api/v1/prompts/${promptId}/labels/production`, { version: '2' })).body.labels.production, '2');
      const renamed = await http('PATCH', `/api/v1/prompts/${promptId}`, { name: 'renamed' });
      assert.equal(renamed.body.name, 'renamed');
      const archived = await http('DELETE', `/api/v1/prompts/${promptId}`);
      assert.equal(archived.body.status, 'archived');
      assertEnvelope(await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { name: 'x' } }), 409, 'PROMPT_ARCHIVED');
    });

    it('creates a prompt from markup with typed parameters and defaults', async () => {
      const answer = await http('POST', '/api/v1/prompts/markup', {
        name: 'markup',
        markup: 'Write {{count:number=3}} lines about {{topic:string}} in a {{tone:enum(formal,casual)=formal}} tone. Topic again: {{topic}}.',
        connector,
        status: 'published',
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.equal(answer.body.version.body, 'Write {{count}} lines about {{topic}} in a {{tone}} tone. Topic again: {{topic}}.');
      assert.deepEqual(answer.body.version.parameters, [
        { name: 'count', type: 'number', required: false, default: 3 },
        { name: 'topic', type: 'string', required: true },
        { name: 'tone', type: 'enum', required: false, enumValues: ['formal', 'casual'], default: 'formal' },
      ]);
      const run = await http('POST', '/api/v1/executions', { prompt: { id: answer.body.prompt.id }, parameters: { topic: 'tea' } });
      assert.equal(run.status, 200, JSON.stringify(run.body));
      assert.equal(run.body.output, answerFor('ollama', 'Write 3 lines about tea in a formal tone. Topic again: tea.'));
    });

    it('answers an unreadable markup with every problem', async () => {
      const answer = await http('POST', '/api/v1/prompts/markup', { name: 'bad', markup: '{{a:number=x}} {{b:enum()}} {{c:weird}}' });
      assertEnvelope(answer, 400, 'PROMPT_MARKUP_INVALID');
      assert.equal(answer.body.details.length, 3, JSON.stringify(answer.body.details));
    });
  });

  describe('executions without credentials (Ollama preset)', () => {
    let promptId: string;
    let versionId: string;
    const parameters = [
      { name: 'topic', type: 'string', required: true },
      { name: 'count', type: 'number', required: true },
      { name: 'formal', type: 'boolean', default: false },
      { name: 'style', type: 'enum', enumValues: ['short', 'long'], default: 'short' },
      { name: 'extra', type: 'json', required: false },
    ];

    before(async () => {
      const created = await http('POST', '/api/v1/connectors', { name: 'ollama-exec', preset: 'ollama-chat', baseUrl: ollama.url, model: 'llama3.1' });
      const { promptId: id, version } = await createPrompt(
        'Give {{count}} {{style}} facts about {{topic}} (formal: {{formal}}) {{extra}}',
        parameters,
        { id: created.body.id, version: '1' },
        { proxyParameters: { temperature: 0.2 } },
      );
      promptId = id;
      versionId = version.id;
      await http('PATCH', `/api/v1/prompts/${promptId}/versions/1/status`, { status: 'published' });
      await http('PUT', `/api/v1/prompts/${promptId}/labels/production`, { version: '1' });
    });

    it('runs sync by version: output and token usage are what the provider answered', async () => {
      const before = ollama.requests.length;
      const answer = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { topic: 'owls', count: 2 } });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const rendered = 'Give 2 short facts about owls (formal: false) ';
      assert.equal(answer.body.status, 'COMPLETED');
      assert.equal(answer.body.output, answerFor('ollama', rendered));
      assert.deepEqual(answer.body.usage, {
        inputTokens: wordsIn(rendered) + 2,
        outputTokens: wordsIn(answerFor('ollama', rendered)),
        totalTokens: wordsIn(rendered) + 2 + wordsIn(answerFor('ollama', rendered)),
      });
      assert.equal(typeof answer.body.latencyMs, 'number');
      const sent = ollama.requests.slice(before);
      assert.equal(sent.length, 1);
      assert.deepEqual(sent[0].body, { model: 'llama3.1', messages: [{ role: 'user', content: rendered }], stream: false, options: { temperature: 0.2 } });
    });

    it('runs by label, by promptVersionId and with parameters as a list', async () => {
      const byLabel = await http('POST', '/api/v1/executions', { prompt: { id: promptId, label: 'production' }, parameters: { topic: 'cats', count: 1 } });
      assert.equal(byLabel.status, 200, JSON.stringify(byLabel.body));
      assert.equal(byLabel.body.prompt.label, 'production');
      assert.equal(byLabel.body.output, answerFor('ollama', 'Give 1 short facts about cats (formal: false) '));
      const byId = await http('POST', '/api/v1/executions', {
        promptVersionId: versionId,
        parameters: [{ name: 'topic', value: 'dogs' }, { name: 'count', value: 4 }, { name: 'extra', value: { a: 1 } }],
      });
      assert.equal(byId.status, 200, JSON.stringify(byId.body));
      assert.equal(byId.body.output, answerFor('ollama', 'Give 4 short facts about dogs (formal: false) {"a":1}'));
    });

    it('follows a moved label at once (the cached version is dropped on change)', async () => {
      const second = await http('POST', `/api/v1/prompts/${promptId}/versions`, {
        body: 'Version two about {{topic}} {{count}} {{formal}} {{style}} {{extra}}',
        parameters,
        connector: { id: (await http('GET', `/api/v1/prompts/${promptId}/versions/1`)).body.connector.id, version: '1' },
      });
      assert.equal(second.status, 201, JSON.stringify(second.body));
      const before = await http('POST', '/api/v1/executions', { prompt: { id: promptId, label: 'staging' }, parameters: { topic: 'a', count: 1 } });
      assertEnvelope(before, 404, 'PROMPT_VERSION_NOT_FOUND');
      await http('PUT', `/api/v1/prompts/${promptId}/labels/staging`, { version: '1' });
      const first = await http('POST', '/api/v1/executions', { prompt: { id: promptId, label: 'staging' }, parameters: { topic: 'a', count: 1 } });
      assert.equal(first.body.prompt.version, '1');
      await http('PUT', `/api/v1/prompts/${promptId}/labels/staging`, { version: second.body.version });
      const moved = await http('POST', '/api/v1/executions', { prompt: { id: promptId, label: 'staging' }, parameters: { topic: 'a', count: 1 } });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.prompt.version, second.body.version);
      assert.equal(moved.body.output, answerFor('ollama', 'Version two about a 1 false short '));
    });

    it('runs async: 202 at once, then the task completes and can be polled', async () => {
      const accepted = await http('POST', '/api/v1/executions', { prompt: { id: promptId, label: 'production' }, parameters: { topic: 'bees', count: 3 }, async: true });
      assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
      assert.deepEqual(Object.keys(accepted.body).sort(), ['id', 'status']);
      assert.equal(accepted.body.status, 'PENDING');
      const done = await poll(url, accepted.body.id, (body) => body.status === 'COMPLETED' || body.status === 'FAILED');
      assert.equal(done.status, 'COMPLETED', JSON.stringify(done.error));
      assert.equal(done.output, answerFor('ollama', 'Give 3 short facts about bees (formal: false) '));
      assert.equal(done.mode, 'async');
    });

    it('shows debug details of a task: rendered prompt, connector, provider request, raw response, timings', async () => {
      const run = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { topic: 'fish', count: 1, style: 'long' } });
      const detail = await http('GET', `/api/v1/executions/${run.body.id}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.renderedPrompt, 'Give 1 long facts about fish (formal: false) ');
      assert.equal(detail.body.connector.version, '1');
      assert.equal(detail.body.providerRequest.url, `${ollama.url}/api/chat`);
      assert.equal(detail.body.rawResponse.message.content, run.body.output);
      assert.ok(detail.body.timings.providerMs >= 0);
      assert.deepEqual(detail.body.parameters, { topic: 'fish', count: 1, style: 'long', formal: false });
      // The task records who ran it: here the signed-in root administrator.
      assert.equal(detail.body.principal.type, 'user');
      assert.match(String(detail.body.principal.id), /\S/);
      const listed = await http('GET', `/api/v1/executions?promptId=${promptId}&status=COMPLETED&limit=2`);
      assert.equal(listed.status, 200);
      assert.equal(listed.body.items.length, 2);
      assert.ok(listed.body.total >= 4);
    });

    it('answers bad parameter types with 400 listing every problem, and writes no task', async () => {
      const before = (await http('GET', `/api/v1/executions?promptId=${promptId}`)).body.total;
      const answer = await http('POST', '/api/v1/executions', {
        prompt: { id: promptId, version: '1' },
        parameters: { topic: 42, count: 'two', style: 'medium', unknown: true },
      });
      assertEnvelope(answer, 400, 'PARAMETERS_INVALID');
      assert.deepEqual(answer.body.details.sort(), [
        'count must be a number, got a string',
        'style must be one of short, long',
        'topic must be a string, got a number',
        'unknown is not a parameter of this prompt version',
      ]);
      const missing = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: {} });
      assert.deepEqual(missing.body.details, ['topic is required', 'count is required']);
      assert.equal((await http('GET', `/api/v1/executions?promptId=${promptId}`)).body.total, before);
    });

    it('answers an unknown prompt or version with 404', async () => {
      assertEnvelope(await http('POST', '/api/v1/executions', { prompt: { id: '00000000-0000-4000-8000-000000000000', version: '1' } }), 404, 'PROMPT_NOT_FOUND');
      assertEnvelope(await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '9' } }), 404, 'PROMPT_VERSION_NOT_FOUND');
      assertEnvelope(await http('POST', '/api/v1/executions', { prompt: { id: promptId, label: 'nope' } }), 404, 'PROMPT_VERSION_NOT_FOUND');
      assertEnvelope(await http('GET', '/api/v1/executions/00000000-0000-4000-8000-000000000000'), 404, 'EXECUTION_NOT_FOUND');
    });
  });

  describe('provider failures', () => {
    const customConnector = async (name: string, template: Record<string, unknown>) => {
      const created = await http('POST', '/api/v1/connectors', { name, template });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const { promptId } = await createPrompt('Say {{word}}', [{ name: 'word', type: 'string' }], { id: created.body.id, version: '1' });
      return promptId;
    };

    it('marks the task FAILED and answers 502 with the provider status', async () => {
      const promptId = await customConnector('wrong-path', {
        request: { method: 'POST', url: `${ollama.url}/api/nothing`, body: { messages: [{ role: 'user', content: '{{prompt}}' }] } },
        response: { output: 'message.content' },
      });
      const answer = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { word: 'hi' } });
      assertEnvelope(answer, 502, 'PROVIDER_ERROR');
      assert.match(answer.body.description, /HTTP 404/);
      const taskId = answer.body.details.find((detail: string) => detail.startsWith('taskId=')).slice(7);
      const task = (await http('GET', `/api/v1/executions/${taskId}`)).body;
      assert.equal(task.status, 'FAILED');
      assert.equal(task.error.providerStatus, 404);
    });

    it('fails naming the mapping path that matched nothing', async () => {
      const promptId = await customConnector('bad-mapping', {
        request: { method: 'POST', url: `${ollama.url}/api/chat`, body: { messages: [{ role: 'user', content: '{{prompt}}' }] } },
        response: { output: 'choices[0].message.content' },
      });
      const answer = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { word: 'hi' } });
      assertEnvelope(answer, 502, 'RESPONSE_MAPPING_FAILED');
      assert.match(answer.body.description, /choices\[0\]\.message\.content/);
    });

    it('answers 504 when the provider does not answer within the connector timeout', async () => {
      const promptId = await customConnector('slow', {
        request: { method: 'POST', url: `${ollama.url}/api/chat`, body: { messages: [{ role: 'user', content: '{{prompt}}' }] } },
        response: { output: 'message.content' },
        timeoutMs: 300,
      });
      ollama.delayMs = 1500;
      try {
        const answer = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { word: 'hi' } });
        assertEnvelope(answer, 504, 'PROVIDER_TIMEOUT');
      } finally {
        ollama.delayMs = 0;
      }
    });

    it('refuses a connector that needs a credential when none is configured', async () => {
      const created = await http('POST', '/api/v1/connectors', { name: 'openai-nokey', preset: 'openai-chat', baseUrl: `${openai.url}/v1` });
      const { promptId } = await createPrompt('Say {{word}}', [{ name: 'word', type: 'string' }], { id: created.body.id, version: '1' });
      const answer = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { word: 'hi' } });
      assertEnvelope(answer, 400, 'CREDENTIAL_MISSING');
      assert.equal(openai.count(/chat/), 0);
    });
  });

  describe('executions with credentials: each preset against its fake, and the custom API with an auth pre-request', () => {
    let vault = false;
    let keyCredential: string;
    const skipWithoutVault = (t: { skip: (message: string) => void }) => {
      if (!vault) t.skip('the credential vault is not on main yet');
      return !vault;
    };

    before(async () => {
      const created = await http('POST', '/api/v1/credentials', { name: 'provider-key', values: { apiKey: API_KEY } });
      vault = created.status === 201;
      keyCredential = created.body?.id;
    });

    const presets = () => [
      { preset: 'openai-chat', fake: openai, baseUrl: `${openai.url}/v1`, model: 'gpt-4o-mini', provider: 'openai', usage: (body: any) => [body.usage.prompt_tokens, body.usage.completion_tokens] },
      { preset: 'openai-compatible-chat', fake: openai, baseUrl: `${openai.url}/v1`, model: 'qwen2.5-7b', provider: 'openai', usage: (body: any) => [body.usage.prompt_tokens, body.usage.completion_tokens] },
      { preset: 'azure-openai-chat', fake: openai, baseUrl: openai.url, model: 'my-gpt4o-deployment', provider: 'openai', usage: (body: any) => [body.usage.prompt_tokens, body.usage.completion_tokens] },
      { preset: 'anthropic-messages', fake: anthropic, baseUrl: anthropic.url, model: 'claude-3-5-haiku-latest', provider: 'anthropic', usage: (body: any) => [body.usage.input_tokens, body.usage.output_tokens] },
      { preset: 'gemini-generate', fake: gemini, baseUrl: gemini.url, model: 'gemini-1.5-flash', provider: 'gemini', usage: (body: any) => [body.usageMetadata.promptTokenCount, body.usageMetadata.candidatesTokenCount] },
    ];

    for (const name of ['openai-chat', 'openai-compatible-chat', 'azure-openai-chat', 'anthropic-messages', 'gemini-generate']) {
      it(`${name}: sync by version and async by label give the fake's output and token usage`, async (t) => {
        if (skipWithoutVault(t)) return;
        const spec = presets().find((candidate) => candidate.preset === name)!;
        const connector = await http('POST', '/api/v1/connectors', { name: `c-${name}`, preset: name, baseUrl: spec.baseUrl, model: spec.model, credentialId: keyCredential });
        assert.equal(connector.status, 201, JSON.stringify(connector.body));
        const { promptId } = await createPrompt('Translate {{text}} into {{language}}', [
          { name: 'text', type: 'string' },
          { name: 'language', type: 'enum', enumValues: ['French', 'German'] },
        ], { id: connector.body.id, version: '1' });
        await http('PATCH', `/api/v1/prompts/${promptId}/versions/1/status`, { status: 'published' });
        await http('PUT', `/api/v1/prompts/${promptId}/labels/production`, { version: '1' });

        const sync = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { text: 'good morning', language: 'French' } });
        assert.equal(sync.status, 200, JSON.stringify(sync.body));
        assert.equal(sync.body.output, answerFor(spec.provider, 'Translate good morning into French'));
        const detail = (await http('GET', `/api/v1/executions/${sync.body.id}`)).body;
        const [input, output] = spec.usage(detail.rawResponse);
        assert.deepEqual(sync.body.usage, { inputTokens: input, outputTokens: output, totalTokens: input + output });
        assert.ok(!JSON.stringify(detail.providerRequest).includes(API_KEY));
        assert.match(JSON.stringify(detail.providerRequest.headers), /\*\*\*/);

        const accepted = await http('POST', '/api/v1/executions', { prompt: { id: promptId, label: 'production' }, parameters: { text: 'good night', language: 'German' }, async: true });
        assert.equal(accepted.status, 202);
        const done = await poll(url, accepted.body.id, (body) => body.status === 'COMPLETED' || body.status === 'FAILED');
        assert.equal(done.status, 'COMPLETED', JSON.stringify(done.error));
        assert.equal(done.output, answerFor(spec.provider, 'Translate good night into German'));
      });
    }

    it('a wrong key: the task is FAILED and the answer is 502 with the provider status', async (t) => {
      if (skipWithoutVault(t)) return;
      const wrong = await http('POST', '/api/v1/credentials', { name: 'wrong-key', values: { apiKey: 'sk-wrong-wrong-wrong' } });
      const connector = await http('POST', '/api/v1/connectors', { name: 'openai-wrong', preset: 'openai-chat', baseUrl: `${openai.url}/v1`, credentialId: wrong.body.id });
      const { promptId } = await createPrompt('Say {{word}}', [{ name: 'word', type: 'string' }], { id: connector.body.id, version: '1' });
      const answer = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { word: 'hi' } });
      assertEnvelope(answer, 502, 'PROVIDER_ERROR');
      assert.match(answer.body.description, /HTTP 401/);
    });

    it('the custom API: the auth pre-request runs once and its token is reused', async (t) => {
      if (skipWithoutVault(t)) return;
      const credential = await http('POST', '/api/v1/credentials', { name: 'custom-client', values: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
      assert.equal(credential.status, 201, JSON.stringify(credential.body));
      const connector = await http('POST', '/api/v1/connectors', {
        name: 'custom-api',
        credentialId: credential.body.id,
        template: {
          request: {
            method: 'POST',
            url: `${custom.url}/v2/generate`,
            headers: { authorization: 'Bearer {{auth.token}}' },
            body: { input: { text: '{{prompt}}' }, temperature: '{{proxy.temperature}}' },
          },
          authRequest: {
            method: 'POST',
            url: `${custom.url}/oauth/token`,
            body: { client_id: '{{credentials.clientId}}', client_secret: '{{credentials.clientSecret}}' },
            extract: { token: 'access_token' },
            expiresInPath: 'expires_in',
            cacheTtlSeconds: 600,
          },
          response: { output: 'data.completion.text', inputTokens: 'meta.tokens.in', outputTokens: 'meta.tokens.out', properties: { temperature: 'meta.temperature' } },
        },
      });
      assert.equal(connector.status, 201, JSON.stringify(connector.body));
      const { promptId } = await createPrompt('Summarise {{doc}}', [{ name: 'doc', type: 'string' }], { id: connector.body.id, version: '1' }, { proxyParameters: { temperature: 0.7 } });
      const tokensBefore = custom.count(/\/oauth\/token/);
      for (const doc of ['one', 'two', 'three']) {
        const answer = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { doc } });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal(answer.body.output, answerFor('custom', `Summarise ${doc}`));
        const prompt = `Summarise ${doc}`;
        const words = [wordsIn(prompt), wordsIn(answerFor('custom', prompt))];
        assert.deepEqual(answer.body.usage, { inputTokens: words[0], outputTokens: words[1], totalTokens: words[0] + words[1] });
        assert.deepEqual(answer.body.properties, { temperature: 0.7 });
      }
      assert.equal(custom.count(/\/oauth\/token/) - tokensBefore, 1, 'the token was fetched once and cached');
      const last = (await http('GET', `/api/v1/executions?promptId=${promptId}&limit=1`)).body.items[0];
      assert.equal(last.providerRequest.headers.authorization, 'Bearer ***');
    });
  });

  describe('an async task across an executor restart', () => {
    it('completes once after the executor was killed right after accepting it', async () => {
      const created = await http('POST', '/api/v1/connectors', { name: 'ollama-restart', preset: 'ollama-chat', baseUrl: ollama.url });
      const { promptId } = await createPrompt('Remember {{thing}}', [{ name: 'thing', type: 'string' }], { id: created.body.id, version: '1' });
      ollama.delayMs = 800;
      const accepted = await http('POST', '/api/v1/executions', { prompt: { id: promptId, version: '1' }, parameters: { thing: 'the milk' }, async: true });
      assert.equal(accepted.status, 202);
      await env.suite.services.get('prompt-executor')!.kill();
      ollama.delayMs = 0;
      env.suite.start('prompt-executor');
      const done = await poll(url, accepted.body.id, (body) => body.status === 'COMPLETED' || body.status === 'FAILED', 45000);
      assert.equal(done.status, 'COMPLETED', JSON.stringify(done.error));
      assert.equal(done.output, answerFor('ollama', 'Remember the milk'));
      const events = await readAuditEvents(env);
      const finished = events.filter((event) => event.resource?.id === accepted.body.id && event.action.startsWith('execution.'));
      assert.deepEqual(finished.map((event) => event.action), ['execution.completed']);
    });
  });

  describe('audit', () => {
    it('records one event per change and per execution, with the resource', async () => {
      const prompt = await http('POST', '/api/v1/prompts', { name: 'audited' });
      await http('PATCH', `/api/v1/prompts/${prompt.body.id}`, { description: 'changed' });
      const events = (await readAuditEvents(env)).filter((event) => event.resource?.id === prompt.body.id);
      assert.deepEqual(events.map((event) => event.action), ['prompt.created', 'prompt.updated']);
      assert.ok(events.every((event) => event.service === 'prompt-executor' && event.outcome === 'success'));
    });
  });

  describe('secrets', () => {
    it('no credential value appears in stored tasks, answers, logs or audit events', async () => {
      const { rows } = await db.query(`SELECT row_to_json(t)::text AS text FROM prompts.execution_task t`);
      const stored = rows.map((row) => row.text).join('\n');
      const events = JSON.stringify(await readAuditEvents(env));
      const logs = env.logs().join('\n');
      for (const secret of [API_KEY, CLIENT_SECRET, ...custom.tokensIssued]) {
        assert.ok(!stored.includes(secret), 'a secret is stored in a task');
        assert.ok(!answers.join('\n').includes(secret), 'a secret was in an HTTP answer');
        assert.ok(!events.includes(secret), 'a secret is in an audit event');
        assert.ok(!logs.includes(secret), 'a secret is in a log line');
      }
    });
  });
});
