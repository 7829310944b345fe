import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from './decimal.js';

describe('Decimal', () => {
  describe('parse', () => {
    it('reads plain text, JSON numbers and exponents exactly', () => {
      assert.equal(Decimal.parse('0.002').toString(), '0.002');
      assert.equal(Decimal.parse(0.1).add(Decimal.parse(0.2)).toString(), '0.3');
      assert.equal(Decimal.parse('1.5e-3').toString(), '0.0015');
      assert.equal(Decimal.parse(1e21).toString(), '1000000000000000000000');
      assert.equal(Decimal.parse('-12.50').toString(), '-12.5');
      assert.equal(Decimal.parse('.5').toString(), '0.5');
    });

    it('refuses what is not a number', () => {
      for (const text of ['', 'abc', '1.2.3', '0x10', 'NaN']) assert.throws(() => Decimal.parse(text), RangeError, text);
      assert.throws(() => Decimal.parse(Number.POSITIVE_INFINITY), RangeError);
    });
  });

  describe('divInt and round', () => {
    it('rounds half away from zero', () => {
      assert.equal(Decimal.parse('1').divInt(3n, 4).toString(), '0.3333');
      assert.equal(Decimal.parse('2').divInt(3n, 4).toString(), '0.6667');
      assert.equal(Decimal.parse('0.00000000005').round(10).toString(), '0.0000000001');
      assert.equal(Decimal.parse('0.00000000004999').round(10).toString(), '0');
      assert.equal(Decimal.parse('-0.125').round(2).toString(), '-0.13');
      assert.equal(Decimal.parse('123.456').divInt(1n, 1).toString(), '123.5');
    });
  });

  it('compares across scales', () => {
    assert.equal(Decimal.parse('1.50').compare(Decimal.parse('1.5')), 0);
    assert.equal(Decimal.parse('2').compare(Decimal.parse('10')), -1);
    assert.equal(Decimal.parse('2').max(Decimal.parse('1.999')).toString(), '2');
  });
});
