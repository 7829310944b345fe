import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from './decimal.js';
import { COST_SCALE, aggregate, priceOf, strategyProblems, tieredPrice, type StrategyDefinition } from './price-strategy.js';

const strategy = (type: StrategyDefinition['type'], price: string | null, tiers: StrategyDefinition['tiers'] = null): StrategyDefinition => ({
  type,
  price,
  tiers,
  currency: 'USD',
});
const cost = (quantity: string, definition: StrategyDefinition) => priceOf(Decimal.parse(quantity), definition).round(COST_SCALE).toString();

describe('price strategies', () => {
  describe('priceOf', () => {
    it('per_unit multiplies exactly', () => {
      assert.equal(cost('3', strategy('per_unit', '0.1')), '0.3');
      assert.equal(cost('1234', strategy('per_unit', '0.000002')), '0.002468');
    });

    it('per_thousand divides by a thousand without losing digits', () => {
      assert.equal(cost('1500', strategy('per_thousand', '0.03')), '0.045');
      assert.equal(cost('7', strategy('per_thousand', '0.0015')), '0.0000105');
    });

    it('flat charges its price whatever the quantity', () => {
      assert.equal(cost('0', strategy('flat', '0.25')), '0.25');
      assert.equal(cost('999', strategy('flat', '0.25')), '0.25');
    });

    it('rounds the final amount half away from zero to 10 places', () => {
      assert.equal(cost('1', strategy('per_thousand', '0.00000005')), '0.0000000001');
      assert.equal(cost('1', strategy('per_thousand', '0.000000049')), '0');
      assert.equal(cost('3', strategy('per_unit', '0.33333333333')), '1');
      assert.equal(cost('3', strategy('per_unit', '0.33333333331')), '0.9999999999');
    });
  });

  describe('tieredPrice', () => {
    const tiers = [
      { upTo: '1000', price: '0.01' },
      { upTo: '5000', price: '0.008' },
      { upTo: null, price: '0.005' },
    ];

    it('prices each unit at the tier it falls in (graduated)', () => {
      assert.equal(tieredPrice(Decimal.parse('500'), tiers).toString(), '5');
      assert.equal(tieredPrice(Decimal.parse('1000'), tiers).toString(), '10');
      assert.equal(tieredPrice(Decimal.parse('1001'), tiers).toString(), '10.008');
      // 1000 × 0.01 + 4000 × 0.008 + 1000 × 0.005
      assert.equal(tieredPrice(Decimal.parse('6000'), tiers).toString(), '47');
      assert.equal(tieredPrice(Decimal.parse('0'), tiers).toString(), '0');
    });

    it('prices units beyond a closed last tier at its price', () => {
      assert.equal(tieredPrice(Decimal.parse('30'), [{ upTo: '10', price: '1' }, { upTo: '20', price: '0.5' }]).toString(), '20');
    });
  });

  describe('aggregate', () => {
    it('sums, counts, averages and maxes a list; a single value is a list of one', () => {
      assert.equal(aggregate([1, 2, 3.5], 'sum')!.toString(), '6.5');
      assert.equal(aggregate([1, 'x', 3], 'count')!.toString(), '3');
      assert.equal(aggregate([1, 2], 'avg')!.toString(), '1.5');
      assert.equal(aggregate([1, 2, 2], 'avg')!.toString(), '1.666666666667');
      assert.equal(aggregate(['7', 3], 'max')!.toString(), '7');
      assert.equal(aggregate([42], 'sum')!.toString(), '42');
      assert.equal(aggregate(['text'], 'sum'), null);
    });
  });

  describe('strategyProblems', () => {
    it('refuses tiers that do not ascend, an open tier before the last, and a price with tiers', () => {
      assert.deepEqual(strategyProblems(strategy('tiered', null, [{ upTo: '10', price: '1' }, { upTo: null, price: '1' }])), []);
      const problems = strategyProblems(
        strategy('tiered', '1', [
          { upTo: '10', price: '1' },
          { upTo: '10', price: '1' },
          { upTo: null, price: '1' },
          { upTo: '50', price: '1' },
        ]),
      );
      assert.equal(problems.length, 3, problems.join('\n'));
      assert.match(problems.join('\n'), /ascend/);
      assert.match(problems.join('\n'), /only the last tier/);
    });

    it('needs a price, and no tiers, for the other strategies', () => {
      assert.deepEqual(strategyProblems(strategy('per_unit', '0')), []);
      assert.equal(strategyProblems(strategy('per_unit', null)).length, 1);
      assert.equal(strategyProblems(strategy('flat', '1', [{ upTo: null, price: '1' }])).length, 1);
    });
  });
});
