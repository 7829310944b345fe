import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startTestSuite, type TestSuite } from '@prst/local-infra';
import { adminSession, call, createApiCredential, readAuditEvents } from '../src/index.js';
import { answerFor, startAnthropicFake, startOpenAiFake } from './fakes/ai-providers.js';
import { wordsIn, type FakeServer, type ReceivedRequest } from './fakes/json-server.js';

const PROVIDER_KEY = 'sk-fake-proxy-0123456789abcdef';

function assertEnvelope(answer: { status: number; body: any }, status: number, name: string): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal(answer.body.serverCode, status);
  assert.equal(answer.body.name, name);
  assert.match(answer.body.code, /^PRST-[A-Z]+-ERR-\d{5}$/);
}

/** The provider saw the stored provider key, and our API key nowhere (no header, not the body). */
function assertStoredKeyOnly(request: ReceivedRequest, ourKey: string, header: 'authorization' | 'x-api-key'): void {
  assert.equal(request.headers[header], header === 'authorization' ? `Bearer ${PROVIDER_KEY}` : PROVIDER_KEY);
  assert.ok(!JSON.stringify(request.headers).includes(ourKey), 'our API key reached the provider in a header');
  assert.ok(!JSON.stringify(request.body).includes(ourKey), 'our API key reached the provider in the body');
}

/** Reads an SSE body: the data of every event. */
function sseData(text: string): string[] {
  return text
    .split(/\n\n/)
    .map((block) => block.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n'))
    .filter(Boolean);
}

describe('OpenAI- and Anthropic-compatible proxy with the official SDKs', () => {
  let env: TestSuite;
  let url: string;
  let token: string;
  let ourKey: string;
  let openai: FakeServer;
  let anthropic: FakeServer;
  let openaiConnector: string;
  let anthropicConnector: string;
  let openaiClient: OpenAI;
  let anthropicClient: Anthropic;

  const task = async (id: string, until: (body: any) => boolean = () => true): Promise<any> => {
    const deadline = Date.now() + 15000;
    let last: any;
    while (Date.now() < deadline) {
      last = await call(url, 'GET', `/api/v1/executions/${id}`, { token });
      if (last.status === 200 && until(last.body)) return last.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`task ${id} did not get there in time; last: ${JSON.stringify(last?.body)}`);
  };

  const waitFor = async (what: string, check: () => boolean) => {
    const deadline = Date.now() + 10000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  before(async () => {
    [openai, anthropic] = await Promise.all([startOpenAiFake(PROVIDER_KEY), startAnthropicFake(PROVIDER_KEY)]);
    const allowed = [openai, anthropic].map((fake) => `127.0.0.1:${fake.port}`).join(',');
    env = await startTestSuite('proxy', { env: { 'prompt-executor': { PROVIDER_ALLOWED_HOSTS: allowed, EXECUTION_DEFAULT_TIMEOUT_MS: '10000' } } });
    url = env.gatewayUrl;
    token = await adminSession(env);
    const credential = await call(url, 'POST', '/api/v1/credentials', { token, json: { name: 'provider-key', values: { apiKey: PROVIDER_KEY } } });
    assert.equal(credential.status, 201, JSON.stringify(credential.body));
    const connector = async (name: string, preset: string, baseUrl: string, model: string) => {
      const created = await call(url, 'POST', '/api/v1/connectors', { token, json: { name, preset, baseUrl, model, credentialId: credential.body.id } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.id as string;
    };
    openaiConnector = await connector('proxy-openai', 'openai-chat', `${openai.url}/v1`, 'gpt-4o-mini');
    anthropicConnector = await connector('proxy-anthropic', 'anthropic-messages', anthropic.url, 'claude-3-5-haiku-latest');
    ourKey = (await createApiCredential(env, 'editor', { name: 'sdk key' })).key;
    openaiClient = new OpenAI({ apiKey: ourKey, baseURL: `${url}/api/v1/proxy/${openaiConnector}`, maxRetries: 0 });
    anthropicClient = new Anthropic({ apiKey: ourKey, baseURL: `${url}/api/v1/proxy/${anthropicConnector}`, maxRetries: 0 });
  });

  after(async () => {
    await env?.stop();
    await Promise.all([openai, anthropic].map((fake) => fake?.close()));
  });

  it('OpenAI SDK: a chat completion comes back as the provider answered, with the stored key injected and a proxy task stored', async () => {
    const text = 'hello proxy world';
    const { data, response } = await openaiClient.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] }).withResponse();
    assert.equal(data.choices[0]!.message.content, answerFor('openai', text));
    assert.equal(data.usage?.prompt_tokens, wordsIn(text) + 7);
    assertStoredKeyOnly(openai.requests.at(-1)!, ourKey, 'authorization');
    assert.equal(openai.requests.at(-1)!.path, '/v1/chat/completions');

    const stored = await task(response.headers.get('x-prst-task-id')!);
    assert.equal(stored.kind, 'proxy');
    assert.equal(stored.status, 'COMPLETED');
    assert.equal(stored.prompt, null);
    assert.equal(stored.connector.id, openaiConnector);
    assert.equal(stored.output, answerFor('openai', text));
    assert.deepEqual(stored.usage, { inputTokens: wordsIn(text) + 7, outputTokens: wordsIn(answerFor('openai', text)), totalTokens: data.usage!.total_tokens });
    assert.equal(stored.providerRequest.headers.authorization, 'Bearer ***');
    assert.deepEqual(stored.providerRequest.body.messages, [{ role: 'user', content: text }]);
    assert.equal(stored.rawResponse.id, data.id);
    assert.equal(stored.principal.type, 'api_credential');
    assert.equal(stored.attempts, 1);
    assert.deepEqual(
      stored.attemptsLog.map((attempt: any) => [attempt.connectorId, attempt.status, attempt.error]),
      [[openaiConnector, 200, null]],
    );
    assert.ok(!JSON.stringify(stored).includes(PROVIDER_KEY));

    const events = await readAuditEvents(env);
    const audited = events.find((event) => event.resource?.id === stored.id);
    assert.equal(audited?.action, 'proxy.completed');
    assert.equal(audited?.requestId, response.headers.get('x-request-id'));
  });

  it('Anthropic SDK: a message comes back as the provider answered, the key travels as x-api-key both ways', async () => {
    const text = 'bonjour from anthropic';
    const { data, response } = await anthropicClient.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 64, messages: [{ role: 'user', content: text }] }).withResponse();
    assert.equal(data.content[0]!.type === 'text' && data.content[0]!.text, answerFor('anthropic', text));
    assertStoredKeyOnly(anthropic.requests.at(-1)!, ourKey, 'x-api-key');
    assert.equal(anthropic.requests.at(-1)!.headers['anthropic-version'], '2023-06-01');
    const stored = await task(response.headers.get('x-prst-task-id')!);
    assert.equal(stored.kind, 'proxy');
    assert.equal(stored.output, answerFor('anthropic', text));
    assert.deepEqual(stored.usage, { inputTokens: wordsIn(text) + 3, outputTokens: wordsIn(answerFor('anthropic', text)), totalTokens: wordsIn(text) + 3 + wordsIn(answerFor('anthropic', text)) });
    assert.equal(stored.providerRequest.headers['x-api-key'], '***');
  });

  it("passes a provider error through with the provider's status and body, so the SDK raises its own error", async () => {
    openai.failWith = 429;
    try {
      await assert.rejects(
        openaiClient.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'too fast' }] }),
        (error: any) => error instanceof OpenAI.RateLimitError && error.status === 429 && /Rate limit reached/.test(error.message),
      );
    } finally {
      openai.failWith = null;
    }
  });

  it('OpenAI SDK streaming: the streamed text equals the fake answer and the task keeps the output and usage', async () => {
    const text = 'stream me some words please';
    const { data: stream, response } = await openaiClient.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }], stream: true, stream_options: { include_usage: true } })
      .withResponse();
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    let streamed = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      chunks += 1;
      streamed += chunk.choices[0]?.delta?.content ?? '';
      usage = chunk.usage ?? usage;
    }
    assert.equal(streamed, answerFor('openai', text));
    assert.ok(chunks > wordsIn(streamed), `${chunks} chunks`);
    assert.equal(usage?.completion_tokens, wordsIn(streamed));
    assertStoredKeyOnly(openai.requests.at(-1)!, ourKey, 'authorization');
    const stored = await task(response.headers.get('x-prst-task-id')!, (body) => body.status !== 'RUNNING');
    assert.equal(stored.status, 'COMPLETED');
    assert.equal(stored.kind, 'proxy');
    assert.equal(stored.output, streamed);
    assert.equal(stored.usage.outputTokens, wordsIn(streamed));
  });

  it('Anthropic SDK streaming: the streamed text equals the fake answer and the task keeps the output and usage', async () => {
    const text = 'tell me a streamed story';
    const stream = anthropicClient.messages.stream({ model: 'claude-3-5-haiku-latest', max_tokens: 128, messages: [{ role: 'user', content: text }] });
    let streamed = '';
    stream.on('text', (delta) => (streamed += delta));
    const final = await stream.finalMessage();
    const taskId = (await stream.withResponse()).response.headers.get('x-prst-task-id')!;
    assert.equal(streamed, answerFor('anthropic', text));
    assert.equal(final.usage.output_tokens, wordsIn(streamed));
    assertStoredKeyOnly(anthropic.requests.at(-1)!, ourKey, 'x-api-key');
    const stored = await task(taskId, (body) => body.status !== 'RUNNING');
    assert.equal(stored.status, 'COMPLETED');
    assert.equal(stored.output, streamed);
    assert.deepEqual(stored.usage, { inputTokens: wordsIn(text) + 3, outputTokens: wordsIn(streamed), totalTokens: wordsIn(text) + 3 + wordsIn(streamed) });
  });

  it('a client that aborts a stream cancels the provider call: the fake sees its connection close and the task ends FAILED with what arrived', async () => {
    const text = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');
    openai.streamDelayMs = 100;
    const cutBefore = openai.streams.cut;
    try {
      const { data: stream, response } = await openaiClient.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }], stream: true })
        .withResponse();
      let streamed = '';
      let chunks = 0;
      for await (const chunk of stream) {
        streamed += chunk.choices[0]?.delta?.content ?? '';
        if (++chunks === 4) break; // leaving the loop aborts the SDK's request
      }
      await waitFor('the fake to see its connection close', () => openai.streams.cut > cutBefore);
      const stored = await task(response.headers.get('x-prst-task-id')!, (body) => body.status !== 'RUNNING');
      assert.equal(stored.status, 'FAILED');
      assert.equal(stored.error.name, 'REQUEST_CANCELLED');
      assert.ok(stored.output.startsWith(streamed), `${JSON.stringify(stored.output)} should start with ${JSON.stringify(streamed)}`);
      assert.ok(stored.output.length < answerFor('openai', text).length);
    } finally {
      openai.streamDelayMs = 5;
    }
  });

  it('an execution with "stream": true answers the provider events and stores the full output', async () => {
    const prompt = await call(url, 'POST', '/api/v1/prompts', { token, json: { name: 'streamed' } });
    const version = await call(url, 'POST', `/api/v1/prompts/${prompt.body.id}/versions`, {
      token,
      json: { body: 'Say {{thing}} slowly', parameters: [{ name: 'thing', type: 'string' }], connector: { id: anthropicConnector, version: '1' } },
    });
    assert.equal(version.status, 201, JSON.stringify(version.body));
    const response = await fetch(`${url}/api/v1/executions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ourKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: { id: prompt.body.id, version: '1' }, parameters: { thing: 'streams are neat' }, stream: true }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = sseData(await response.text()).map((data) => JSON.parse(data));
    const streamed = events.filter((event) => event.type === 'content_block_delta').map((event) => event.delta.text).join('');
    assert.equal(streamed, answerFor('anthropic', 'Say streams are neat slowly'));
    assert.equal(anthropic.requests.at(-1)!.body.stream, true);
    const stored = await task(response.headers.get('x-prst-task-id')!, (body) => body.status !== 'RUNNING');
    assert.equal(stored.kind, 'execution');
    assert.equal(stored.status, 'COMPLETED');
    assert.equal(stored.output, streamed);
    assert.equal(stored.prompt.id, prompt.body.id);
    assert.equal(stored.usage.outputTokens, wordsIn(streamed));
  });

  it('answers bad proxy input with a 4xx envelope, and takes x-api-key on the proxy routes only', async () => {
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
    const as = { headers: { authorization: `Bearer ${ourKey}` } };
    assertEnvelope(await call(url, 'POST', `/api/v1/proxy/${randomUUID()}/chat/completions`, { ...as, json: body }), 404, 'CONNECTOR_NOT_FOUND');
    const mismatch = await call(url, 'POST', `/api/v1/proxy/${openaiConnector}/v1/messages`, { ...as, json: { ...body, max_tokens: 5 } });
    assertEnvelope(mismatch, 400, 'PROXY_FORMAT_MISMATCH');
    assert.match(mismatch.body.description, /chat\/completions/);
    const missing = await call(url, 'POST', `/api/v1/proxy/${openaiConnector}/chat/completions`, { ...as, json: { model: 'gpt-4o-mini' } });
    assertEnvelope(missing, 400, 'VALIDATION_FAILED');
    assert.match(missing.body.description, /messages/);
    assertEnvelope(await call(url, 'POST', `/api/v1/proxy/not-a-uuid/chat/completions`, { ...as, json: body }), 400, 'VALIDATION_FAILED');

    const viaHeader = await call(url, 'POST', `/api/v1/proxy/${openaiConnector}/chat/completions`, { headers: { 'x-api-key': ourKey }, json: body });
    assert.equal(viaHeader.status, 200, JSON.stringify(viaHeader.body));
    assertEnvelope(await call(url, 'GET', '/api/v1/executions', { headers: { 'x-api-key': ourKey } }), 401, 'UNAUTHENTICATED');
    assertEnvelope(await call(url, 'POST', `/api/v1/proxy/${openaiConnector}/chat/completions`, { json: body }), 401, 'UNAUTHENTICATED');
    // Naming another credential is for callers that may read credentials; an editor key may.
    const other = await call(url, 'POST', `/api/v1/proxy/${openaiConnector}/chat/completions`, { ...as, headers: { ...as.headers, 'x-prst-credential-id': randomUUID() }, json: body });
    assertEnvelope(other, 400, 'CREDENTIAL_MISSING');
    // A key limited to proxy.use proxies, but may not pick a credential.
    const proxyOnly = (await createApiCredential(env, 'editor', { name: 'proxy only', permissions: ['proxy.use'] })).key;
    const limited = { authorization: `Bearer ${proxyOnly}` };
    assert.equal((await call(url, 'POST', `/api/v1/proxy/${openaiConnector}/chat/completions`, { headers: limited, json: body })).status, 200);
    const picked = await call(url, 'POST', `/api/v1/proxy/${openaiConnector}/chat/completions`, { headers: { ...limited, 'x-prst-credential-id': randomUUID() }, json: body });
    assertEnvelope(picked, 403, 'FORBIDDEN');
    assert.match(picked.body.description, /credentials\.read/);
  });
});
