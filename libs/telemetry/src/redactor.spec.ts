import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redact, registerSecret } from './redactor.js';

describe('redact', () => {
  it('masks values of secret-named keys in nested objects', () => {
    const out = JSON.stringify(redact({ user: 'a', auth: { password: 'p4ssw0rd!', apiKey: 'abc' } }));
    assert.ok(!out.includes('p4ssw0rd!'));
    assert.ok(!out.includes('"abc"'));
    assert.ok(out.includes('"user":"a"'));
  });

  it('masks bearer tokens, API keys and URL passwords inside free text', () => {
    const out = redact('Authorization: Bearer abc.def.ghi key prst_0123456789abcdef postgres://u:pw123@h/db');
    assert.equal(out, 'Authorization: [REDACTED] key [REDACTED] postgres://u:[REDACTED]@h/db');
  });

  it('masks a registered secret in text, Buffers and its base64 and hex forms', () => {
    registerSecret('correct-horse-battery');
    const b64 = Buffer.from('correct-horse-battery').toString('base64');
    const hex = Buffer.from('correct-horse-battery').toString('hex');
    const out = JSON.stringify(redact({ a: 'x correct-horse-battery', b: Buffer.from('correct-horse-battery'), c: b64, d: hex }));
    assert.ok(!out.includes('correct-horse-battery'));
    assert.ok(!out.includes(b64.replace(/=+$/, '')));
    assert.ok(!out.includes(hex));
  });
});
