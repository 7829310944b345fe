import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectorTemplate } from '@prst/contracts';
import { bodyProblems, withConnectorDefaults } from './proxy-body.js';

const template = (body: unknown) => ({ request: { method: 'POST', url: 'https://x/v1/messages', body }, response: { output: 'x' } }) as ConnectorTemplate;

describe('bodyProblems', () => {
  it('asks for a non-empty messages list and well-typed stream, model and max_tokens', () => {
    assert.deepEqual(bodyProblems('openai', { model: 'm', messages: [{ role: 'user', content: 'hi' }] }), []);
    assert.deepEqual(bodyProblems('openai', {}), ['messages must be a non-empty array']);
    assert.deepEqual(bodyProblems('anthropic', { messages: [], stream: 'yes', max_tokens: '5' }), [
      'messages must be a non-empty array',
      'stream must be a boolean',
      'max_tokens must be a number',
    ]);
  });
});

describe('withConnectorDefaults', () => {
  it("adds the connector's model and max_tokens only when the caller left them out", () => {
    const own = template({ model: 'claude-x', max_tokens: 1024, messages: [{ role: 'user', content: '{{prompt}}' }] });
    assert.deepEqual(withConnectorDefaults('anthropic', { messages: [1] }, own), { model: 'claude-x', max_tokens: 1024, messages: [1] });
    const sent = { model: 'mine', max_tokens: 5, messages: [1] };
    assert.equal(withConnectorDefaults('anthropic', sent, own), sent);
  });

  it('adds nothing from a placeholder', () => {
    assert.deepEqual(withConnectorDefaults('openai', { messages: [1] }, template({ model: '{{parameters.model}}' })), { messages: [1] });
  });
});
