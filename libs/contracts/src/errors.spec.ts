import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCatalog, PrstError } from './errors.js';

describe('ErrorCatalog', () => {
  it('uses every code once, each shaped PRST-<MODULE>-ERR-<5 digits>', () => {
    const codes = Object.values(ErrorCatalog).map((spec) => spec.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, /^PRST-[A-Z]+-ERR-\d{5}$/);
  });
});

describe('PrstError', () => {
  it('round-trips through its envelope', () => {
    const error = PrstError.fromEnvelope(new PrstError('ACCOUNT_TERMINATED', 'gone', ['a']).toEnvelope());
    assert.deepEqual(error.toEnvelope(), {
      serverCode: 403,
      name: 'ACCOUNT_TERMINATED',
      code: 'PRST-SSO-ERR-00013',
      message: 'Account Terminated',
      description: 'gone',
      details: ['a'],
    });
  });

  it('turns an unknown envelope into INTERNAL_ERROR without its text', () => {
    const error = PrstError.fromEnvelope({ name: 'Weird', description: 'stack at x.js:1' });
    assert.equal(error.name, 'INTERNAL_ERROR');
    assert.ok(!error.description.includes('x.js'));
  });
});
