import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeEncryptionStatus } from './encryption.command.js';

describe('summarizeEncryptionStatus', () => {
  it('reads a map of records per key version and the current version', () => {
    const summary = summarizeEncryptionStatus({ currentKeyVersion: 2, recordsByKeyVersion: { '1': 30, '2': 70 }, previousSecretCanBeRemoved: false });
    assert.deepEqual(summary.byVersion, [{ version: 1, records: 30 }, { version: 2, records: 70 }]);
    assert.equal(summary.total, 100);
    assert.equal(summary.remaining, 30);
    assert.equal(summary.done, false);
  });

  it('reads a list of {keyVersion, records} and is done when nothing is left on an older version', () => {
    const summary = summarizeEncryptionStatus({ keyVersions: [{ keyVersion: 3, records: 12 }], previousSecretCanBeRemoved: true });
    assert.equal(summary.currentKeyVersion, 3);
    assert.equal(summary.remaining, 0);
    assert.equal(summary.done, true);
  });

  it('is not done while a rotation runs, even if the counts look finished', () => {
    const summary = summarizeEncryptionStatus({ currentKeyVersion: 2, records: { '2': 5 }, rotation: { state: 'running' } });
    assert.equal(summary.rotating, true);
    assert.equal(summary.done, false);
  });
});
