import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EncryptionStatus } from '../gateway/gateway-api.js';
import { progressLine, remainingRecords, renderEncryption, rotationDone } from './encryption.command.js';

function status(records: Record<string, number>, state: EncryptionStatus['rotation']['state'], canRemove: boolean): EncryptionStatus {
  return {
    currentKeyVersion: 2,
    recordsByKeyVersion: records,
    keyVersions: Object.entries(records).map(([version, count]) => ({
      version: Number(version),
      kdf: 'hkdf-sha256',
      current: version === '2',
      loaded: true,
      records: count,
      createdAt: '2026-12-03T10:00:00.000Z',
    })),
    rotation: { state, targetKeyVersion: 2, rotated: records['2'] ?? 0, remaining: records['1'] ?? 0 },
    previousSecretRequired: !canRemove,
    previousSecretCanBeRemoved: canRemove,
    message: canRemove ? 'ENCRYPTION_SECRET_PREVIOUS can be removed' : 'ENCRYPTION_SECRET_PREVIOUS is still required',
  };
}

describe('encryption status', () => {
  it('counts the records left on older key versions and shows progress', () => {
    const running = status({ '1': 58, '2': 42 }, 'running', false);
    assert.equal(remainingRecords(running), 58);
    assert.equal(progressLine(running), 'rotating: 42/100 record(s) on key version 2 (42%)');
    assert.equal(rotationDone(running), false);
    assert.match(renderEncryption(running), /^rotation:\s+running \(42 done, 58 left\)$/m);
  });

  it('is done only when the previous secret can go and no rotation runs', () => {
    assert.equal(rotationDone(status({ '2': 100 }, 'completed', true)), true);
    assert.equal(rotationDone(status({ '2': 100 }, 'running', true)), false);
    assert.equal(rotationDone(status({ '1': 1, '2': 99 }, 'idle', false)), false);
    assert.equal(progressLine(status({}, 'idle', true)), 'rotating: 0/0 record(s) on key version 2 (100%)');
  });
});
