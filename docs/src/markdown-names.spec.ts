import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chartValuePaths, endpoints, kubectlPrstCommands, parseMarkdown, pathMatches, upperSnakeNames } from './markdown-names.js';

const sample = [
  'Set `ENCRYPTION_SECRET` and `config.rootEmail`; see `support.prst.ai`. A failure answers `AUDIT_UNAVAILABLE`.',
  'Call GET /api/v1/prompts/:id?x=1 or `POST /api/v1/auth/login`.',
  '```sh',
  'helm upgrade prst charts/prst --set secrets.jwtSecret=x,gateway.replicaCount=3 \\',
  '  --set-string config.organization=Acme',
  'curl -s -H "Authorization: Bearer $TOKEN" "$PRST/api/v1/audit/verify"',
  'curl -s -X DELETE \\',
  '  "$PRST/api/v1/credentials/$CREDENTIAL_ID"',
  'curl -s "$PRST/api/v1/feedback" -d \'{"rating":1}\'',
  'kubectl prst encryption rotate -n prst; kubectl prst audit export > a.ndjson; DATABASE_URL=x kubectl-prst status',
  '```',
].join('\n');

describe('markdown names', () => {
  const part = parseMarkdown('x.md', sample);

  it('finds UPPER_SNAKE names in code spans and blocks', () => {
    assert.deepEqual(upperSnakeNames('x.md', part).map((m) => m.text), ['ENCRYPTION_SECRET', 'AUDIT_UNAVAILABLE', 'CREDENTIAL_ID', 'DATABASE_URL']);
  });

  it('finds chart value paths in spans and --set, but not host names', () => {
    const top = new Set(['config', 'secrets', 'gateway', 'support']);
    assert.deepEqual(chartValuePaths('x.md', part, top).map((m) => m.text), ['config.rootEmail', 'secrets.jwtSecret', 'gateway.replicaCount', 'config.organization']);
  });

  it('finds METHOD /path mentions and curl calls with their method', () => {
    assert.deepEqual(
      endpoints('x.md', part).map((e) => `${e.method} ${e.path} @${e.line}`),
      ['GET /api/v1/prompts/:id @2', 'POST /api/v1/auth/login @2', 'GET /api/v1/audit/verify @6', 'DELETE /api/v1/credentials/$CREDENTIAL_ID @7', 'POST /api/v1/feedback @9'],
    );
  });

  it('finds kubectl prst commands up to the first option or operator', () => {
    assert.deepEqual(kubectlPrstCommands('x.md', part).map((m) => m.text), ['encryption rotate', 'audit export', 'status']);
  });

  it('matches route templates segment by segment', () => {
    assert.ok(pathMatches('/api/v1/prompts/{id}', '/api/v1/prompts/:id'));
    assert.ok(pathMatches('/api/v1/prompts/{id}', '/api/v1/prompts/$PROMPT_ID'));
    assert.ok(!pathMatches('/api/v1/prompts/{id}', '/api/v1/prompts/x/versions'));
    assert.ok(!pathMatches('/api/v1/prompt', '/api/v1/prompts'));
  });
});
