import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeEvent } from './event-normalizer.js';

const receivedAt = new Date('2026-02-03T04:05:06.789Z');
const valid = {
  id: 'c0a8012e-0000-4000-8000-000000000001',
  occurredAt: '2026-02-03T04:05:00.000Z',
  service: 'credential-vault',
  requestId: 'req-1',
  action: 'credential.created',
  outcome: 'success',
  principal: { type: 'user', id: 'u-1' },
  resource: { type: 'credential', id: 'c-1' },
  details: { b: 1, a: 'x' },
};

describe('normalizeEvent', () => {
  it('keeps a well-formed event and writes its details as canonical JSON', () => {
    const result = normalizeEvent(JSON.stringify(valid), receivedAt);
    assert.ok(result.ok);
    assert.equal(result.event.detailsJson, '{"a":"x","b":1}');
    assert.deepEqual(result.event.resource, { type: 'credential', id: 'c-1' });
    assert.equal(result.event.occurredAt, valid.occurredAt);
  });

  it('refuses what cannot be an audit event, saying why', () => {
    assert.deepEqual(normalizeEvent('not json', receivedAt), { ok: false, reason: 'not JSON' });
    assert.deepEqual(normalizeEvent(JSON.stringify({ ...valid, id: undefined }), receivedAt), { ok: false, reason: 'missing or malformed id' });
    assert.deepEqual(normalizeEvent(JSON.stringify({ ...valid, action: '' }), receivedAt), { ok: false, reason: 'missing action' });
    assert.deepEqual(normalizeEvent(JSON.stringify({ ...valid, outcome: 'maybe' }), receivedAt), { ok: false, reason: 'unknown outcome' });
  });

  it('makes text storable and secret-free: NUL and lone surrogates replaced, secrets masked, bad clocks replaced', () => {
    const result = normalizeEvent(
      JSON.stringify({ ...valid, requestId: 'a\u0000b\ud800', occurredAt: 'yesterday', details: { note: 'password=hunter2-x', blob: Buffer.from('Bearer abcdefgh12345678').toString('base64') } }),
      receivedAt,
    );
    assert.ok(result.ok);
    assert.equal(result.event.requestId, 'ab\ufffd');
    assert.equal(result.event.occurredAt, receivedAt.toISOString());
    assert.doesNotMatch(result.event.detailsJson, /hunter2|QmVhcmVy/);
  });
});
