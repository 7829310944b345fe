import { randomBytes } from 'node:crypto';
import { eventStream, piecesOf, sseFrame } from './event-stream.js';
import { startJsonServer, takeFailure, wordsIn, type FakeServer, type ReceivedRequest } from './json-server.js';

/** What a fake answers for a prompt text; tests compare the executor's output with it. */
export const answerFor = (provider: string, prompt: string) => `${provider} says: ${prompt.split('').reverse().join('')}`;

function lastUserText(messages: unknown): string {
  const list = Array.isArray(messages) ? messages : [];
  const last = list.filter((message) => message?.role === 'user').at(-1);
  return typeof last?.content === 'string' ? last.content : '';
}

/**
 * OpenAI chat completions (`POST …/chat/completions`, also the Azure OpenAI path
 * `/openai/deployments/<deployment>/chat/completions?api-version=…` with an `api-key` header).
 */
export async function startOpenAiFake(apiKey: string): Promise<FakeServer> {
  return startJsonServer((request, fake) => {
    if (request.method !== 'POST' || !/\/chat\/completions(\?|$)/.test(request.path)) {
      return { status: 404, body: { error: { message: `Unknown request URL: ${request.method} ${request.path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } } };
    }
    const azure = request.path.startsWith('/openai/deployments/');
    const offered = azure ? request.headers['api-key'] : String(request.headers.authorization ?? '').replace(/^Bearer /, '');
    if (offered !== apiKey) {
      return { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } };
    }
    const failure = takeFailure(fake);
    if (failure) return { ...failure, body: { error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } } };
    const prompt = lastUserText(request.body?.messages);
    const content = answerFor('openai', prompt);
    const model = azure ? decodeURIComponent(request.path.split('/')[3]) : request.body?.model;
    if (request.body?.stream === true) return eventStream(fake, openAiStreamFrames(model, prompt, content, request.body?.stream_options?.include_usage === true));
    return {
      status: 200,
      body: {
        id: `chatcmpl-${randomBytes(12).toString('hex')}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        system_fingerprint: 'fp_fake',
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: wordsIn(prompt) + 7, completion_tokens: wordsIn(content), total_tokens: wordsIn(prompt) + 7 + wordsIn(content) },
      },
    };
  });
}

/**
 * OpenAI's streamed chat completion: a role chunk, one chunk per word, a finish chunk, a usage chunk
 * (`choices: []`) only when asked with stream_options.include_usage, then `data: [DONE]`.
 */
function openAiStreamFrames(model: string, prompt: string, content: string, includeUsage: boolean): string[] {
  const base = { id: `chatcmpl-${randomBytes(12).toString('hex')}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, system_fingerprint: 'fp_fake' };
  const chunk = (delta: unknown, finish: string | null) => sseFrame({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  const usage = { prompt_tokens: wordsIn(prompt) + 7, completion_tokens: wordsIn(content), total_tokens: wordsIn(prompt) + 7 + wordsIn(content) };
  return [
    chunk({ role: 'assistant', content: '', refusal: null }, null),
    ...piecesOf(content).map((piece) => chunk({ content: piece }, null)),
    chunk({}, 'stop'),
    ...(includeUsage ? [sseFrame({ ...base, choices: [], usage })] : []),
    sseFrame('[DONE]'),
  ];
}

/** Anthropic's streamed message: message_start, a text block of word deltas with a ping, message_delta with usage, message_stop. */
function anthropicStreamFrames(model: string, prompt: string, text: string): string[] {
  const id = `msg_${randomBytes(12).toString('hex')}`;
  return [
    sseFrame({ type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: wordsIn(prompt) + 3, output_tokens: 1 } } }, 'message_start'),
    sseFrame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
    sseFrame({ type: 'ping' }, 'ping'),
    ...piecesOf(text).map((piece) => sseFrame({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }, 'content_block_delta')),
    sseFrame({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
    sseFrame({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: wordsIn(text) } }, 'message_delta'),
    sseFrame({ type: 'message_stop' }, 'message_stop'),
  ];
}

/** Anthropic messages (`POST /v1/messages` with `x-api-key` and `anthropic-version`). */
export async function startAnthropicFake(apiKey: string): Promise<FakeServer> {
  return startJsonServer((request, fake) => {
    const error = (status: number, type: string, message: string) => ({ status, body: { type: 'error', error: { type, message } } });
    if (request.method !== 'POST' || request.path !== '/v1/messages') return error(404, 'not_found_error', 'Not found');
    if (request.headers['x-api-key'] !== apiKey) return error(401, 'authentication_error', 'invalid x-api-key');
    if (!request.headers['anthropic-version']) return error(400, 'invalid_request_error', 'anthropic-version: header is required');
    if (typeof request.body?.max_tokens !== 'number') return error(400, 'invalid_request_error', 'max_tokens: Field required');
    const failure = takeFailure(fake);
    if (failure) return { ...error(failure.status, 'overloaded_error', 'Overloaded'), headers: failure.headers };
    const prompt = lastUserText(request.body?.messages);
    const text = answerFor('anthropic', prompt);
    if (request.body?.stream === true) return eventStream(fake, anthropicStreamFrames(request.body.model, prompt, text));
    return {
      status: 200,
      body: {
        id: `msg_${randomBytes(12).toString('hex')}`,
        type: 'message',
        role: 'assistant',
        model: request.body.model,
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: wordsIn(prompt) + 3, output_tokens: wordsIn(text) },
      },
    };
  });
}

/** Google Gemini generateContent (`POST /v1beta/models/<model>:generateContent` with `x-goog-api-key`). */
export async function startGeminiFake(apiKey: string): Promise<FakeServer> {
  return startJsonServer((request) => {
    const error = (code: number, status: string, message: string) => ({ status: code, body: { error: { code, message, status } } });
    if (request.method !== 'POST' || !/^\/v1beta\/models\/[^/]+:generateContent$/.test(request.path)) return error(404, 'NOT_FOUND', 'not found');
    if (request.headers['x-goog-api-key'] !== apiKey) return error(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
    const prompt = String(request.body?.contents?.at(-1)?.parts?.[0]?.text ?? '');
    const text = answerFor('gemini', prompt);
    return {
      status: 200,
      body: {
        candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: wordsIn(prompt) + 1, candidatesTokenCount: wordsIn(text), totalTokenCount: wordsIn(prompt) + 1 + wordsIn(text) },
        modelVersion: decodeURIComponent(request.path.split('/')[3].split(':')[0]),
      },
    };
  });
}

/** Ollama chat (`POST /api/chat`, no authentication). */
export async function startOllamaFake(): Promise<FakeServer> {
  return startJsonServer((request, fake) => {
    if (request.method !== 'POST' || request.path !== '/api/chat') return { status: 404, body: { error: 'not found' } };
    const failure = takeFailure(fake);
    if (failure) return { ...failure, body: { error: 'server busy, please try again' } };
    const prompt = lastUserText(request.body?.messages);
    const content = answerFor('ollama', prompt);
    return {
      status: 200,
      body: {
        model: request.body?.model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content },
        done_reason: 'stop',
        done: true,
        total_duration: 1000000,
        prompt_eval_count: wordsIn(prompt) + 2,
        eval_count: wordsIn(content),
      },
    };
  });
}

/**
 * A custom JSON API that wants a token first: `POST /oauth/token {client_id, client_secret}` →
 * `{access_token, expires_in}`; then `POST /v2/generate` with `Authorization: Bearer <token>` →
 * `{data: {completion: {text}}, meta: {tokens: {in, out}}}`.
 */
export async function startCustomApiFake(clientId: string, clientSecret: string): Promise<FakeServer & { tokensIssued: string[] }> {
  const tokensIssued: string[] = [];
  const fake = await startJsonServer((request: ReceivedRequest) => {
    if (request.method === 'POST' && request.path === '/oauth/token') {
      if (request.body?.client_id !== clientId || request.body?.client_secret !== clientSecret) {
        return { status: 401, body: { error: 'invalid_client' } };
      }
      const token = `tok_${randomBytes(16).toString('hex')}`;
      tokensIssued.push(token);
      return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 3600 } };
    }
    if (request.method === 'POST' && request.path === '/v2/generate') {
      const token = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!tokensIssued.includes(token)) return { status: 401, body: { error: 'invalid_token' } };
      const prompt = String(request.body?.input?.text ?? '');
      const text = answerFor('custom', prompt);
      return { status: 200, body: { data: { completion: { text } }, meta: { tokens: { in: wordsIn(prompt), out: wordsIn(text) }, temperature: request.body?.temperature ?? null } } };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  return Object.assign(fake, { tokensIssued });
}
