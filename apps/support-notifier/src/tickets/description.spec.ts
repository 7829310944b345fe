import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDescriptionTooLong, sanitizeDescription } from './description.js';

describe('sanitizeDescription', () => {
  it('removes control characters but keeps line breaks and tabs', () => {
    assert.equal(sanitizeDescription('a\u0000b\u0007c\u001b[31md\r\ne\tf\u007f\u0085g'), 'abc[31md\ne\tfg');
  });

  it('removes bidirectional overrides', () => {
    assert.equal(sanitizeDescription('admin\u202Egnp.exe'), 'admingnp.exe');
  });

  it('returns undefined when only control characters and blanks are left', () => {
    assert.equal(sanitizeDescription(' \u0000\u0001 \n '), undefined);
  });
});

describe('isDescriptionTooLong', () => {
  it('counts characters, not UTF-16 units', () => {
    assert.equal(isDescriptionTooLong('😀'.repeat(5000)), false);
    assert.equal(isDescriptionTooLong('x'.repeat(5001)), true);
  });
});
