import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseMappingError, mapResponse } from './response-mapping.js';
import { parsePath } from './response-path.js';

const openAiAnswer = {
  choices: [{ message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 3 },
  model: 'gpt-x',
};

describe('parsePath', () => {
  it('reads keys and indexes', () => {
    assert.deepEqual(parsePath('choices[0].message.content'), ['choices', 0, 'message', 'content']);
    assert.deepEqual(parsePath('a[1][2].b'), ['a', 1, 2, 'b']);
  });

  it('refuses malformed paths', () => {
    assert.throws(() => parsePath('a..b'));
    assert.throws(() => parsePath('a[x]'));
  });
});

describe('mapResponse', () => {
  it('picks output, usage and properties', () => {
    const mapped = mapResponse(
      { output: 'choices[0].message.content', inputTokens: 'usage.prompt_tokens', outputTokens: 'usage.completion_tokens', properties: { model: 'model' } },
      openAiAnswer,
    );
    assert.deepEqual(mapped, { output: 'Hello', usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 }, properties: { model: 'gpt-x' } });
  });

  it('fails naming the path that matched nothing', () => {
    assert.throws(
      () => mapResponse({ output: 'choices[1].message.content' }, openAiAnswer),
      (error: unknown) => error instanceof ResponseMappingError && error.path === 'choices[1].message.content',
    );
  });

  it('fails when a token count is not a number', () => {
    assert.throws(() => mapResponse({ output: 'model', inputTokens: 'choices' }, openAiAnswer), /input token count number/);
  });
});
