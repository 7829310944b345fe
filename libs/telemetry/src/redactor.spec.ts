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

  it('masks secrets hidden in base64, base64url and hex of longer text', () => {
    const inner = 'connect with Bearer abcdef0123456789 please';
    const forms = [
      Buffer.from(inner).toString('base64'),
      Buffer.from(inner).toString('base64url'),
      Buffer.from(inner).toString('hex'),
      Buffer.from(Buffer.from(inner).toString('base64')).toString('base64'),
    ];
    for (const form of forms) {
      const out = redact({ blob: `payload=${form} end` }) as { blob: string };
      assert.ok(!out.blob.includes(form), form);
      assert.match(out.blob, /\[REDACTED\]/);
    }
  });

  it('masks secrets in every kind of binary value: Buffer, typed arrays, ArrayBuffer, serialized Buffer', () => {
    const secret = 'password=hunter2-hunter2';
    const bytes = Buffer.from(secret);
    const values = {
      buffer: bytes,
      u16: new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 24)),
      arrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      serialized: JSON.parse(JSON.stringify(bytes)),
      binary: Buffer.concat([Buffer.from([0, 1, 2, 255]), bytes]),
    };
    const out = JSON.stringify(redact(values));
    assert.ok(!out.includes('hunter2'), out);
    assert.ok(!out.includes(bytes.toString('base64').slice(0, 20)), out);
  });

  it('masks name=value secrets in free text and leaves ordinary text alone', () => {
    assert.equal(redact('login failed password=s3cr3t! for bob'), 'login failed password=[REDACTED] for bob');
    assert.equal(redact('api_key: "abc def"'), 'api_key: [REDACTED]');
    const plain = 'prompt.version.published for prompt 7c9e6679-7425-40de-944b-e07fc1f90ae7 (abcdefghijklmnopqrstuvwxyz)';
    assert.equal(redact(plain), plain);
  });
});
