import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectorTemplate } from '@prst/contracts';
import { TemplateRenderError, credentialSlotsOf, maskSecrets, renderRequest, templateProblems } from './connector-template.js';

const scope = {
  prompt: 'He said "hi"\n}, "admin": true, {',
  parameters: { n: 3, flags: { a: [1, 2] }, city: 'São Paulo/?&x=1' },
  proxy: { temperature: 0.5 },
  credentials: { apiKey: 'sk-secret-value-1234' },
  auth: { token: 'tok-abc-123456' },
};

describe('renderRequest', () => {
  it('places typed values structurally and never changes the JSON structure', () => {
    const rendered = renderRequest(
      { method: 'POST', url: 'https://api.example/v1', body: { text: '{{prompt}}', n: '{{parameters.n}}', flags: '{{parameters.flags}}', note: 'n={{parameters.n}}' } },
      scope,
    );
    assert.deepEqual(rendered.body, { text: scope.prompt, n: 3, flags: { a: [1, 2] }, note: 'n=3' });
    assert.equal(rendered.headers['content-type'], 'application/json');
  });

  it('percent-encodes values in the URL', () => {
    const rendered = renderRequest({ method: 'GET', url: 'https://api.example/weather/{{parameters.city}}?q={{parameters.city}}' }, scope);
    assert.equal(rendered.url, 'https://api.example/weather/S%C3%A3o%20Paulo%2F%3F%26x%3D1?q=S%C3%A3o%20Paulo%2F%3F%26x%3D1');
  });

  it('refuses a header value that would contain a line break', () => {
    assert.throws(
      () => renderRequest({ method: 'POST', url: 'https://api.example/', headers: { 'x-prompt': '{{prompt}}' } }, scope),
      (error: unknown) => error instanceof TemplateRenderError && /line break/.test(error.problems[0]),
    );
  });

  it('fills credentials and auth values into headers', () => {
    const rendered = renderRequest(
      { method: 'POST', url: 'https://api.example/', headers: { authorization: 'Bearer {{auth.token}}', 'x-api-key': '{{credentials.apiKey}}' } },
      scope,
    );
    assert.equal(rendered.headers.authorization, 'Bearer tok-abc-123456');
    assert.equal(rendered.headers['x-api-key'], 'sk-secret-value-1234');
  });

  it('merges proxy parameters at the configured path and leaves out missing ones', () => {
    const rendered = renderRequest(
      { method: 'POST', url: 'https://api.example/', body: { contents: [], top_p: '{{proxy.top_p}}' }, proxyParametersAt: 'generationConfig' },
      scope,
    );
    assert.deepEqual(rendered.body, { contents: [], generationConfig: { temperature: 0.5 } });
  });

  it('names a credential value the credential does not have', () => {
    assert.throws(
      () => renderRequest({ method: 'POST', url: 'https://api.example/', headers: { k: '{{credentials.other}}' } }, scope),
      /credential value other/,
    );
  });
});

describe('templateProblems', () => {
  it('lists unknown namespaces, host placeholders, bad paths and unextracted auth values', () => {
    const template = {
      request: { method: 'POST', url: 'https://{{parameters.host}}/x', body: { a: '{{secrets.x}}', b: '{{auth.missing}}' } },
      response: { output: 'choices[0', inputTokens: 'usage.in' },
    } as ConnectorTemplate;
    const problems = templateProblems(template);
    assert.equal(problems.length, 4, problems.join('\n'));
  });

  it('accepts a complete template with an auth request', () => {
    const template = {
      request: { method: 'POST', url: 'https://api.example/v1', headers: { authorization: 'Bearer {{auth.token}}' }, body: { q: '{{prompt}}' } },
      authRequest: { method: 'POST', url: 'https://api.example/token', body: { secret: '{{credentials.secret}}' }, extract: { token: 'access_token' } },
      response: { output: 'data.items[0].text' },
    } as ConnectorTemplate;
    assert.deepEqual(templateProblems(template), []);
    assert.deepEqual(credentialSlotsOf(template), ['secret']);
  });
});

describe('maskSecrets', () => {
  it('replaces every occurrence of every secret, also inside longer strings', () => {
    const masked = maskSecrets({ headers: { authorization: 'Bearer sk-secret-value-1234' }, list: ['x sk-secret-value-1234 y'] }, ['sk-secret-value-1234']);
    assert.deepEqual(masked, { headers: { authorization: 'Bearer ***' }, list: ['x *** y'] });
  });
});
