import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CacheChange, CacheEvents } from '../cache/cache-events.js';
import type { PromptExecutorEnv } from '../config/prompt-executor-env.js';
import { PricingCalculator, valuesOf } from './pricing-calculator.js';
import type { PricingRuleEntity } from './pricing-rule.entity.js';
import type { PricingRepository } from './pricing.repository.js';

const rule = (fields: Partial<PricingRuleEntity>): PricingRuleEntity =>
  ({
    id: 'r',
    name: 'r',
    connectorId: null,
    promptId: null,
    property: 'usage.inputTokens',
    aggregation: 'sum',
    strategyType: 'per_unit',
    price: '1',
    tiers: null,
    currency: 'USD',
    ...fields,
  }) as PricingRuleEntity;

function calculator(rules: PricingRuleEntity[]) {
  let loads = 0;
  const listeners: ((change: CacheChange) => void)[] = [];
  const repository = { all: async () => (loads++, rules) } as unknown as PricingRepository;
  const events = { onChange: (listener: (change: CacheChange) => void) => listeners.push(listener) } as unknown as CacheEvents;
  const pricing = new PricingCalculator(repository, events, { CACHE_TTL_MS: 60000 } as PromptExecutorEnv);
  return { pricing, loads: () => loads, announce: (change: CacheChange) => listeners.forEach((listener) => listener(change)) };
}

const task = {
  connectorId: 'c1',
  promptId: 'p1',
  result: { output: 'x', usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 }, properties: { images: [1, 2, 3] } },
  rawResponse: { usage: { prompt_tokens: 10 }, choices: [{ n: 1 }, { n: 2 }] },
  failed: false,
};

describe('PricingCalculator', () => {
  describe('costOf', () => {
    it('adds every rule in scope per currency and skips rules of other connectors or prompts', async () => {
      const { pricing } = calculator([
        rule({ price: '0.1' }),
        rule({ connectorId: 'c1', property: 'usage.outputTokens', price: '0.01' }),
        rule({ promptId: 'p1', strategyType: 'flat', price: '2', currency: 'EUR' }),
        rule({ connectorId: 'c2', strategyType: 'flat', price: '100' }),
        rule({ promptId: 'p2', strategyType: 'flat', price: '100', currency: 'EUR' }),
      ]);
      assert.deepEqual(await pricing.costOf(task), { USD: '1.05', EUR: '2' });
    });

    it('costs nothing for a failed task or when no rule prices anything', async () => {
      assert.equal(await calculator([rule({})]).pricing.costOf({ ...task, failed: true }), null);
      assert.equal(await calculator([rule({ property: 'missing.path' })]).pricing.costOf(task), null);
    });

    it('loads the rules once and again only after a pricing change', async () => {
      const { pricing, loads, announce } = calculator([rule({})]);
      await pricing.costOf(task);
      await pricing.costOf(task);
      assert.equal(loads(), 1);
      announce({ kind: 'connector', id: 'x' });
      await pricing.costOf(task);
      assert.equal(loads(), 1);
      announce({ kind: 'pricing', id: 'x' });
      await pricing.costOf(task);
      assert.equal(loads(), 2);
    });
  });

  describe('valuesOf', () => {
    it('reads mapped usage, mapped properties and raw answer paths', () => {
      assert.deepEqual(valuesOf('usage.totalTokens', task), [15]);
      assert.deepEqual(valuesOf('properties.images', task), [1, 2, 3]);
      assert.deepEqual(valuesOf('usage.prompt_tokens', task), [10]);
      assert.deepEqual(valuesOf('choices[1].n', task), [2]);
      assert.equal(valuesOf('choices[5].n', task), null);
    });
  });
});
