import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecret } from './mask.js';

describe('maskSecret', () => {
  it('shows only the last four characters of a long value', () => {
    assert.equal(maskSecret('sk-proj-1234567890abcd'), '••••abcd');
  });

  it('shows nothing of a short value', () => {
    assert.equal(maskSecret('hunter2'), '••••');
  });

  it('counts characters, not UTF-16 units', () => {
    assert.equal(maskSecret('0123456789🔑🔑🔑🔑'), '••••🔑🔑🔑🔑');
  });
});
