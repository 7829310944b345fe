import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planKeys } from './key-plan.js';

const versions = [{ version: 1, fingerprint: 'aaa' }];

describe('planKeys', () => {
  it('adds version 1 on a fresh installation', () => {
    assert.deepEqual(planKeys({ versions: [], recordsByVersion: new Map(), current: 'aaa' }), { action: 'add', currentVersion: 1 });
  });

  it('uses the stored version when the secret matches', () => {
    assert.deepEqual(planKeys({ versions, recordsByVersion: new Map([[1, 3]]), current: 'aaa' }), { action: 'use', currentVersion: 1 });
  });

  it('refuses a different secret while records exist, naming how many', () => {
    const plan = planKeys({ versions, recordsByVersion: new Map([[1, 12]]), current: 'bbb' });
    assert.deepEqual(plan, {
      action: 'refuse',
      message: 'ENCRYPTION_SECRET does not match the key that encrypted 12 stored credentials; set ENCRYPTION_SECRET_PREVIOUS to rotate',
    });
  });

  it('adds a new version when the previous secret matches the stored one', () => {
    const plan = planKeys({ versions, recordsByVersion: new Map([[1, 12]]), current: 'bbb', previous: 'aaa' });
    assert.deepEqual(plan, { action: 'add', currentVersion: 2, previousVersion: 1 });
  });

  it('refuses when records remain on a version neither secret provides', () => {
    const plan = planKeys({
      versions: [...versions, { version: 2, fingerprint: 'bbb' }],
      recordsByVersion: new Map([[1, 4], [2, 5]]),
      current: 'bbb',
    });
    assert.equal(plan.action, 'refuse');
    assert.match((plan as { message: string }).message, /encrypted 4 stored credentials \(key version 1\)/);
  });

  it('accepts a new secret when nothing is stored, and ignores an unknown previous secret with a warning', () => {
    const plan = planKeys({ versions, recordsByVersion: new Map(), current: 'bbb', previous: 'ccc' });
    assert.equal(plan.action, 'add');
    assert.match((plan as { warning?: string }).warning ?? '', /matches no stored key/);
  });
});
