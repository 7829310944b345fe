import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AuditRecord } from '@prst/contracts';
import { checkpointSignatureValid, signCheckpoint } from '../checkpoints/checkpoint-signature.js';
import { ChainVerifier, GENESIS_HASH, chainHash, contentOf } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';

function chain(length: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const base = {
      seq, eventId: `e-${seq}`, occurredAt: '2026-01-01T00:00:00.000Z', recordedAt: '2026-01-01T00:00:01.000Z',
      service: 'feedback', requestId: `r-${seq}`, action: 'feedback.created', outcome: 'success' as const,
      principal: { type: 'user', id: 'u' }, resource: null, details: { n: seq },
    };
    const hash = chainHash(prevHash, contentOf(base));
    records.push({ ...base, prevHash, hash });
    prevHash = hash;
  }
  return records;
}

function verify(records: AuditRecord[]) {
  const verifier = new ChainVerifier();
  for (const record of records) verifier.add({ seq: record.seq, prevHash: record.prevHash, hash: record.hash, content: contentOf(record) });
  return verifier.result();
}

describe('canonicalJson', () => {
  it('sorts keys at every level and is stable through a parse', () => {
    const text = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined });
    assert.equal(text, '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    assert.equal(canonicalJson(JSON.parse(text)), text);
  });
});

describe('chainHash', () => {
  it('is SHA-256 over the previous hash followed by the content', () => {
    assert.equal(chainHash('ab', '{"x":1}'), createHash('sha256').update('ab{"x":1}').digest('hex'));
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain and reports its head', () => {
    const records = chain(5);
    assert.deepEqual(
      { ...verify(records), kept: undefined },
      { entries: 5, headSeq: 5, headHash: records[4].hash, firstInvalidSeq: null, kept: undefined },
    );
  });

  it('names the first bad sequence for an edit, a gap, a swap and a forged link', () => {
    const edited = chain(5);
    edited[2] = { ...edited[2], action: 'feedback.deleted' };
    assert.equal(verify(edited).firstInvalidSeq, 3);

    const gap = chain(5).filter((record) => record.seq !== 2);
    assert.equal(verify(gap).firstInvalidSeq, 2);

    const swapped = chain(5);
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    assert.equal(verify(swapped).firstInvalidSeq, 2);

    const forged = chain(5);
    forged[1] = { ...forged[1], details: { n: 99 } };
    forged[1].hash = chainHash(forged[1].prevHash, contentOf(forged[1]));
    assert.equal(verify(forged).firstInvalidSeq, 3, 'the successor no longer links');
  });
});

describe('checkpoint signatures', () => {
  it('accept the signed checkpoint and refuse another key or an altered field', () => {
    const key = 'k'.repeat(32);
    const checkpoint = signCheckpoint(key, 1000, 'f'.repeat(64));
    assert.equal(checkpointSignatureValid(key, checkpoint), true);
    assert.equal(checkpointSignatureValid('x'.repeat(32), checkpoint), false);
    assert.equal(checkpointSignatureValid(key, { ...checkpoint, seq: 999 }), false);
  });
});
