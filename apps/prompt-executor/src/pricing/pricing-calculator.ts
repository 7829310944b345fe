import { Inject, Injectable } from '@nestjs/common';
import { USAGE_PROPERTIES } from '@prst/contracts';
import { CacheEvents } from '../cache/cache-events.js';
import { TtlCache } from '../cache/ttl-cache.js';
import { EXECUTOR_ENV, type PromptExecutorEnv } from '../config/prompt-executor-env.js';
import type { MappedResponse } from '../templating/response-mapping.js';
import { valueAt } from '../templating/response-path.js';
import { Decimal } from './decimal.js';
import { COST_SCALE, aggregate, priceOf } from './price-strategy.js';
import type { PricingRuleEntity } from './pricing-rule.entity.js';
import { PricingRepository } from './pricing.repository.js';

/** What a task's cost depends on: where it ran and what it answered. */
export interface PricedTask {
  connectorId: string | null;
  promptId: string | null;
  result?: MappedResponse;
  rawResponse: unknown;
  /** Failed tasks cost nothing. */
  failed: boolean;
}

/** Cost per currency (ISO 4217 code → decimal text). */
export type Cost = Record<string, string>;

const ALL = 'all';

/**
 * Prices finished tasks from the pricing rules in scope at that moment. The rules are held in memory
 * (one load, dropped at once when a rule changes on any replica; CACHE_TTL_MS is the fallback), so
 * pricing a task costs no database round trip. Every rule whose scope matches applies; costs of one
 * currency are added up exactly and rounded once, to COST_SCALE places.
 */
@Injectable()
export class PricingCalculator {
  private readonly rules: TtlCache<string, PricingRuleEntity[]>;

  constructor(
    private readonly repository: PricingRepository,
    events: CacheEvents,
    @Inject(EXECUTOR_ENV) env: PromptExecutorEnv,
  ) {
    this.rules = new TtlCache(1, env.CACHE_TTL_MS);
    events.onChange((change) => {
      if (change.kind === 'pricing') this.rules.clear();
    });
  }

  /** The task's cost, or null when it failed or no rule in scope priced anything. */
  async costOf(task: PricedTask): Promise<Cost | null> {
    if (task.failed) return null;
    const rules = await this.rules.getOrLoad(ALL, () => this.repository.all());
    const totals = new Map<string, Decimal>();
    for (const rule of rules) {
      if (rule.connectorId && rule.connectorId !== task.connectorId) continue;
      if (rule.promptId && rule.promptId !== task.promptId) continue;
      const amount = this.amountOf(rule, task);
      if (amount) totals.set(rule.currency, (totals.get(rule.currency) ?? Decimal.ZERO).add(amount));
    }
    if (!totals.size) return null;
    return Object.fromEntries([...totals].map(([currency, amount]) => [currency, amount.round(COST_SCALE).toString()]));
  }

  private amountOf(rule: PricingRuleEntity, task: PricedTask): Decimal | null {
    const strategy = { type: rule.strategyType, price: rule.price, tiers: rule.tiers, currency: rule.currency };
    if (rule.strategyType === 'flat') return priceOf(Decimal.ZERO, strategy);
    const values = valuesOf(rule.property, task);
    if (!values) return null;
    const quantity = aggregate(values, rule.aggregation);
    return quantity ? priceOf(quantity, strategy) : null;
  }
}

/**
 * The value(s) a rule's property names: a mapped usage field, a mapped property
 * (`properties.<name>`), or else a path into the provider's answer. A list gives its items.
 */
export function valuesOf(property: string, task: Pick<PricedTask, 'result' | 'rawResponse'>): unknown[] | null {
  let found: { found: boolean; value: unknown };
  if ((USAGE_PROPERTIES as readonly string[]).includes(property)) {
    const field = property.slice('usage.'.length) as keyof MappedResponse['usage'];
    const value = task.result?.usage[field];
    found = { found: value !== null && value !== undefined, value };
  } else {
    try {
      found = property.startsWith('properties.')
        ? valueAt(task.result?.properties ?? {}, property.slice('properties.'.length))
        : valueAt(task.rawResponse, property);
    } catch {
      return null; // an unreadable path was refused when the rule was saved; nothing to price
    }
  }
  if (!found.found || found.value === null) return null;
  return Array.isArray(found.value) ? found.value : [found.value];
}
