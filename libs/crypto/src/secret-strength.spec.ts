import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { assessEncryptionSecret } from './secret-strength.js';

describe('assessEncryptionSecret', () => {
  it('refuses a missing secret and says how to generate one', () => {
    assert.match(assessEncryptionSecret(undefined) ?? '', /required.*openssl rand -base64 32/);
    assert.match(assessEncryptionSecret('  ') ?? '', /required/);
  });

  it('refuses a secret shorter than 16 characters', () => {
    assert.match(assessEncryptionSecret('Xk9#qLm2$vB7') ?? '', /at least 16 characters.*openssl rand -base64 32/);
  });

  it('refuses well-known and repetitive values without repeating them', () => {
    for (const weak of ['changeme-changeme', 'password12345678', 'aaaaaaaaaaaaaaaaaaaa', '0123456789abcdef', 'ENCRYPTION_SECRET_EXAMPLE', 'secretsecretsecret']) {
      const problem = assessEncryptionSecret(weak);
      assert.match(problem ?? '', /well-known/, weak);
      assert.ok(!problem!.includes(weak));
    }
  });

  it('accepts generated secrets and long passphrases', () => {
    assert.equal(assessEncryptionSecret(randomBytes(32).toString('base64')), undefined);
    assert.equal(assessEncryptionSecret(randomBytes(32).toString('hex')), undefined);
    assert.equal(assessEncryptionSecret('correct horse battery staple'), undefined);
  });
});
