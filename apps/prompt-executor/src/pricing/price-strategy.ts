import type { PricingAggregation, PricingStrategyType } from '@prst/contracts';
import { Decimal } from './decimal.js';

/** Places kept in a task's cost (per currency); amounts are rounded half away from zero once, at the end. */
export const COST_SCALE = 10;
/** Places kept in an average quantity. */
const QUANTITY_SCALE = 12;

export interface StrategyDefinition {
  type: PricingStrategyType;
  price: string | null;
  tiers: { upTo: string | null; price: string }[] | null;
  currency: string;
}

/**
 * One quantity from the value(s) a rule's property yields in one task: a list is aggregated, a single
 * value is a list of one. Non-numeric items count (for `count`) but are not added. Null when the
 * property is absent, or when nothing numeric is left to sum, average or max.
 */
export function aggregate(values: unknown[], aggregation: PricingAggregation): Decimal | null {
  if (aggregation === 'count') return Decimal.parse(values.length);
  const numbers = values.flatMap((value) => {
    if (typeof value === 'number' && Number.isFinite(value)) return [Decimal.parse(value)];
    if (typeof value === 'string' && Decimal.isDecimal(value)) return [Decimal.parse(value)];
    return [];
  });
  if (!numbers.length) return null;
  if (aggregation === 'max') return numbers.reduce((a, b) => a.max(b));
  const sum = numbers.reduce((a, b) => a.add(b));
  return aggregation === 'sum' ? sum : sum.divInt(BigInt(numbers.length), QUANTITY_SCALE);
}

/** The exact (unrounded) cost of `quantity` under a strategy. `flat` ignores the quantity. */
export function priceOf(quantity: Decimal, strategy: StrategyDefinition): Decimal {
  switch (strategy.type) {
    case 'flat':
      return Decimal.parse(strategy.price!);
    case 'per_unit':
      return quantity.mul(Decimal.parse(strategy.price!));
    case 'per_thousand': {
      const product = quantity.mul(Decimal.parse(strategy.price!));
      return product.divInt(1000n, product.scale + 3); // exact: one more digit per factor of ten
    }
    case 'tiered':
      return tieredPrice(quantity, strategy.tiers ?? []);
  }
}

/**
 * Graduated tiers: the units up to the first `upTo` cost its price each, the units above it up to the
 * next `upTo` cost the next price, and so on; an open last tier (`upTo: null`) takes the rest. Units
 * beyond a closed last tier are priced at the last tier's price.
 */
export function tieredPrice(quantity: Decimal, tiers: { upTo: string | null; price: string }[]): Decimal {
  let total = Decimal.ZERO;
  let floor = Decimal.ZERO;
  for (const [index, tier] of tiers.entries()) {
    const last = index === tiers.length - 1;
    const ceiling = tier.upTo === null || last ? null : Decimal.parse(tier.upTo);
    const top = ceiling === null ? quantity : quantity.min(ceiling);
    const units = top.sub(floor);
    if (units.compare(Decimal.ZERO) > 0) total = total.add(units.mul(Decimal.parse(tier.price)));
    if (ceiling === null || quantity.compare(ceiling) <= 0) break;
    floor = ceiling;
  }
  return total;
}

/** Problems of a strategy that the message validation cannot see (price vs tiers, ascending tiers). */
export function strategyProblems(strategy: StrategyDefinition): string[] {
  const problems: string[] = [];
  if (strategy.type === 'tiered') {
    if (strategy.price !== null) problems.push('strategy.price: a tiered strategy takes its prices from tiers');
    const tiers = strategy.tiers ?? [];
    if (!tiers.length) problems.push('strategy.tiers: a tiered strategy needs at least one tier');
    let previous: Decimal | null = null;
    for (const [index, tier] of tiers.entries()) {
      if (tier.upTo === null) {
        if (index !== tiers.length - 1) problems.push(`strategy.tiers[${index}].upTo: only the last tier may be open (null)`);
        continue;
      }
      const upTo = Decimal.parse(tier.upTo);
      if (upTo.compare(Decimal.ZERO) <= 0) problems.push(`strategy.tiers[${index}].upTo must be greater than 0`);
      if (previous && upTo.compare(previous) <= 0) problems.push(`strategy.tiers[${index}].upTo must be greater than the tier before it (tiers ascend)`);
      previous = upTo;
    }
  } else {
    if (strategy.price === null) problems.push(`strategy.price is required for ${strategy.type}`);
    if (strategy.tiers !== null) problems.push(`strategy.tiers: only a tiered strategy has tiers`);
  }
  return problems;
}
