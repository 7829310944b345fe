import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keyValues, table } from './table.js';

describe('table', () => {
  it('aligns columns under upper-case headers without trailing spaces', () => {
    assert.equal(table(['name', 'ready'], [['prst-gateway', '2/2'], ['nats', '1/1']]), 'NAME           READY\nprst-gateway   2/2\nnats           1/1\n');
  });
});

describe('keyValues', () => {
  it('aligns values after the longest key', () => {
    assert.equal(keyValues([['chain', 'valid'], ['head seq', '4']]), 'chain:     valid\nhead seq:  4\n');
  });
});
