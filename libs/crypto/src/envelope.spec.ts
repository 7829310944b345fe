import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { DecryptionError, openCredential, rewrapCredential, sealCredential, type SealedCredential } from './envelope.js';
import { Keyring } from './keyring.js';

const kek1 = randomBytes(32);
const kek2 = randomBytes(32);
const v1 = new Keyring(1, [[1, kek1]]);
const v2 = new Keyring(2, [[1, kek1], [2, kek2]]);

const clone = (sealed: SealedCredential): SealedCredential => structuredClone(sealed);
const fails = (keyring: Keyring, id: string, sealed: SealedCredential) =>
  assert.throws(() => openCredential(keyring, id, sealed), DecryptionError);

describe('sealCredential / openCredential', () => {
  it('round-trips every slot', () => {
    const id = randomUUID();
    const values = { apiKey: 'sk-test-1234567890', organization: 'org-ünïcødé' };
    assert.deepEqual(openCredential(v1, id, sealCredential(v1, id, values)), values);
  });

  it('rejects a flip of any single byte of the nonce, ciphertext, wrapped key or tag', () => {
    const id = randomUUID();
    const sealed = sealCredential(v1, id, { apiKey: 'sk-test-abcdefghijklmnop' });
    let tried = 0;
    for (const box of [sealed.dataKey, sealed.slots.apiKey]) {
      for (const field of ['nonce', 'ciphertext', 'tag'] as const) {
        for (let position = 0; position < box[field].length; position++) {
          box[field][position] ^= 0x01;
          fails(v1, id, sealed);
          box[field][position] ^= 0x01;
          tried++;
        }
      }
    }
    assert.equal(tried, 12 + 32 + 16 + 12 + 24 + 16);
    assert.equal(openCredential(v1, id, sealed).apiKey, 'sk-test-abcdefghijklmnop');
  });

  it('rejects ciphertexts moved between records, slots and key versions', () => {
    const a = randomUUID();
    const b = randomUUID();
    const sealedA = sealCredential(v1, a, { apiKey: 'value-of-a-0001', secret: 'other-slot-0001' });
    const sealedB = sealCredential(v1, b, { apiKey: 'value-of-b-0002', secret: 'other-slot-0002' });
    // The whole record under another id.
    fails(v1, b, sealedA);
    // One slot ciphertext copied into another record (with that record's own data key).
    const mixed = clone(sealedB);
    mixed.slots.apiKey = sealedA.slots.apiKey;
    fails(v1, b, mixed);
    // Two slots of one record swapped.
    const swapped = clone(sealedA);
    [swapped.slots.apiKey, swapped.slots.secret] = [swapped.slots.secret, swapped.slots.apiKey];
    fails(v1, a, swapped);
    // A record relabelled with another key version, and a wrapped key from another version.
    const relabelled = clone(sealedA);
    relabelled.keyVersion = 2;
    fails(v2, a, relabelled);
    const rotated = rewrapCredential(v2, a, sealedA);
    const oldWrap = clone(rotated);
    oldWrap.dataKey = sealedA.dataKey;
    fails(v2, a, oldWrap);
    const oldSlot = clone(rotated);
    oldSlot.slots.apiKey = sealedA.slots.apiKey;
    fails(v2, a, oldSlot);
  });

  it('gives 100,000 encryptions of one plaintext 100,000 distinct nonces and ciphertexts', () => {
    const id = randomUUID();
    const nonces = new Set<string>();
    const ciphertexts = new Set<string>();
    const count = 100_000;
    for (let i = 0; i < count; i++) {
      const sealed = sealCredential(v1, id, { apiKey: 'the-same-plaintext-every-time' });
      nonces.add(sealed.dataKey.nonce.toString('base64'));
      nonces.add(sealed.slots.apiKey.nonce.toString('base64'));
      ciphertexts.add(sealed.slots.apiKey.ciphertext.toString('base64') + sealed.slots.apiKey.tag.toString('base64'));
    }
    assert.equal(nonces.size, 2 * count);
    assert.equal(ciphertexts.size, count);
  });
});

describe('rewrapCredential', () => {
  it('moves a record to the current key version; the old key alone can no longer open it', () => {
    const id = randomUUID();
    const sealed = sealCredential(v1, id, { apiKey: 'rotate-me-please-123' });
    const rotated = rewrapCredential(v2, id, sealed);
    assert.equal(rotated.keyVersion, 2);
    assert.deepEqual(openCredential(v2, id, rotated), { apiKey: 'rotate-me-please-123' });
    assert.deepEqual(openCredential(new Keyring(2, [[2, kek2]]), id, rotated), { apiKey: 'rotate-me-please-123' });
    assert.throws(() => openCredential(v1, id, rotated));
    assert.ok(!rotated.slots.apiKey.nonce.equals(sealed.slots.apiKey.nonce));
  });

  it('refuses to re-seal a damaged record', () => {
    const id = randomUUID();
    const sealed = sealCredential(v1, id, { apiKey: 'damaged-record-0001' });
    sealed.slots.apiKey.ciphertext[0] ^= 0xff;
    assert.throws(() => rewrapCredential(v2, id, sealed), DecryptionError);
  });
});
