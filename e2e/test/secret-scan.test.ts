import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findLeaks } from '../src/secret-scan.js';

describe('findLeaks (the scanner the vault e2e relies on)', () => {
  const secret = 'sk-test-0123456789abcdefXYZ';

  it('finds a secret as text, hex and base64 at any offset inside a larger blob', () => {
    assert.equal(findLeaks(`prefix ${secret} suffix`, [secret]).length, 1);
    assert.ok(findLeaks(Buffer.from(secret).toString('hex'), [secret]).length);
    for (const prefix of ['', 'a', 'ab', 'abc', '{"apiKey":"']) {
      const blob = `${prefix}${secret}"}`;
      assert.ok(findLeaks(Buffer.from(blob).toString('base64'), [secret]).length, `offset ${prefix.length}`);
      assert.ok(findLeaks(Buffer.from(blob).toString('base64url'), [secret]).length, `offset ${prefix.length}`);
    }
  });

  it('finds nothing in unrelated text', () => {
    assert.deepEqual(findLeaks('nothing to see here ••••XYZ', [secret]), []);
  });
});
