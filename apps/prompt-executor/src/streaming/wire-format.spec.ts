import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectorTemplate } from '@prst/contracts';
import { accumulatorFor, resultOfAnswer, wireFormatOf } from './wire-format.js';

const template = (url: string) => ({ request: { method: 'POST', url }, response: { output: 'x' } }) as ConnectorTemplate;

describe('wireFormatOf', () => {
  it('tells OpenAI (also Azure) and Anthropic connectors from their URL, and nothing else', () => {
    assert.equal(wireFormatOf(template('https://api.openai.com/v1/chat/completions')), 'openai');
    assert.equal(wireFormatOf(template('https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21')), 'openai');
    assert.equal(wireFormatOf(template('https://api.anthropic.com/v1/messages')), 'anthropic');
    assert.equal(wireFormatOf(template('http://ollama:11434/api/chat')), null);
    assert.equal(wireFormatOf(template('https://g.example/v1beta/models/m:generateContent')), null);
  });
});

describe('resultOfAnswer', () => {
  it('maps OpenAI and Anthropic answers to output and usage', () => {
    const openai = resultOfAnswer('openai', {
      model: 'gpt',
      choices: [{ message: { content: 'hi' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
    });
    assert.deepEqual(openai, { output: 'hi', usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 }, properties: { model: 'gpt', finishReason: 'stop' } });
    const anthropic = resultOfAnswer('anthropic', {
      model: 'claude',
      content: [{ type: 'text', text: 'a' }, { type: 'tool_use' }, { type: 'text', text: 'b' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 5, output_tokens: 2 },
    });
    assert.deepEqual(anthropic, { output: 'ab', usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 }, properties: { model: 'claude', stopReason: 'end_turn' } });
  });
});

describe('accumulatorFor', () => {
  it('rebuilds an OpenAI stream, with usage only when the last chunk carries it', () => {
    const stream = accumulatorFor('openai');
    stream.add({ data: JSON.stringify({ model: 'gpt', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }) });
    stream.add({ data: JSON.stringify({ choices: [{ index: 0, delta: { content: 'Hel' } }] }) });
    stream.add({ data: JSON.stringify({ choices: [{ index: 0, delta: { content: 'lo' }, finish_reason: 'stop' }] }) });
    assert.equal(stream.result().usage, null);
    stream.add({ data: JSON.stringify({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 } }) });
    stream.add({ data: '[DONE]' });
    assert.deepEqual(stream.result(), { output: 'Hello', usage: { inputTokens: 2, outputTokens: 1, totalTokens: 3 }, properties: { model: 'gpt', finishReason: 'stop' } });
    assert.equal(stream.events.length, 4);
  });

  it('rebuilds an Anthropic stream with input tokens from message_start and output tokens from message_delta', () => {
    const stream = accumulatorFor('anthropic');
    const add = (event: string, data: unknown) => stream.add({ event, data: JSON.stringify(data) });
    add('message_start', { type: 'message_start', message: { model: 'claude', usage: { input_tokens: 9, output_tokens: 1 } } });
    add('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    add('ping', { type: 'ping' });
    add('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi ' } });
    add('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'there' } });
    add('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } });
    add('message_stop', { type: 'message_stop' });
    assert.deepEqual(stream.result(), { output: 'Hi there', usage: { inputTokens: 9, outputTokens: 2, totalTokens: 11 }, properties: { model: 'claude', stopReason: 'end_turn' } });
  });
});
