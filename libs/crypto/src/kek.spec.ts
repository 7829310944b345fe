import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { deriveKek, randomSecretBytes } from './kek.js';

describe('randomSecretBytes', () => {
  it('reads openssl-style hex and base64 secrets as bytes', () => {
    const bytes = randomBytes(32);
    assert.deepEqual(randomSecretBytes(bytes.toString('hex')), bytes);
    assert.deepEqual(randomSecretBytes(bytes.toString('base64')), bytes);
    assert.deepEqual(randomSecretBytes(bytes.toString('base64url')), bytes);
  });

  it('treats short or word-like text as a passphrase', () => {
    assert.equal(randomSecretBytes(randomBytes(16).toString('base64')), undefined);
    assert.equal(randomSecretBytes('correcthorsebatterystaplecorrecthorsebatterystaple'), undefined);
  });
});

describe('deriveKek', () => {
  it('uses HKDF for a random secret: same secret and salt give the same key and fingerprint', async () => {
    const secret = randomBytes(32).toString('base64');
    const salt = randomBytes(16);
    const first = await deriveKek(secret, salt);
    const second = await deriveKek(secret, salt);
    assert.equal(first.kdf, 'hkdf-sha256');
    assert.deepEqual(first.key, second.key);
    assert.equal(first.fingerprint, second.fingerprint);
    assert.notEqual((await deriveKek(secret, randomBytes(16))).fingerprint, first.fingerprint);
    assert.notEqual((await deriveKek(randomBytes(32).toString('base64'), salt)).fingerprint, first.fingerprint);
  });

  it('uses scrypt for a passphrase, and the fingerprint does not contain the key', async () => {
    const salt = randomBytes(16);
    const derived = await deriveKek('correct horse battery staple', salt);
    assert.equal(derived.kdf, 'scrypt');
    assert.equal(derived.key.length, 32);
    assert.ok(!derived.key.toString('hex').includes(derived.fingerprint));
  });
});
