import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  PrstError,
  type CallerContext,
  type CreatePricingRuleRequest,
  type ListPricingRulesRequest,
  type Page,
  type PricingRuleView,
  type UpdatePricingRuleRequest,
} from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { CacheEvents } from '../cache/cache-events.js';
import { ConnectorsRepository } from '../connectors/connectors.repository.js';
import { PromptsRepository, isUniqueViolation } from '../prompts/prompts.repository.js';
import { pathProblem } from '../templating/response-path.js';
import { Decimal } from './decimal.js';
import { strategyProblems } from './price-strategy.js';
import type { PricingRuleEntity } from './pricing-rule.entity.js';
import { PricingRepository, type PricingRuleFields } from './pricing.repository.js';

/** numeric(27,12) comes back padded ("0.002000000000"); show what was meant. */
const plain = (value: string) => Decimal.parse(value).toString();

export function toPricingRuleView(rule: PricingRuleEntity): PricingRuleView {
  return {
    id: rule.id,
    name: rule.name,
    scope: { connectorId: rule.connectorId, promptId: rule.promptId },
    property: rule.property,
    aggregation: rule.aggregation,
    strategy: {
      type: rule.strategyType,
      ...(rule.price !== null ? { price: plain(rule.price) } : {}),
      ...(rule.tiers ? { tiers: rule.tiers } : {}),
      currency: rule.currency,
    },
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}

/**
 * Pricing rules: checked (scope exists, property readable, strategy consistent), audited before the
 * change commits (nothing is written when the audit trail is down), and announced to every executor
 * replica so their cached rules are dropped at once.
 */
@Injectable()
export class PricingService {
  constructor(
    private readonly rules: PricingRepository,
    private readonly connectors: ConnectorsRepository,
    private readonly prompts: PromptsRepository,
    private readonly audit: AuditPublisher,
    private readonly cacheEvents: CacheEvents,
  ) {}

  async create(request: CreatePricingRuleRequest, context: CallerContext): Promise<PricingRuleView> {
    const fields = await this.checked(request, context);
    return this.save(request.name, 'created', (manager) => this.rules.create(manager, fields), context);
  }

  async update(request: UpdatePricingRuleRequest, context: CallerContext): Promise<PricingRuleView> {
    const fields = await this.checked(request, context);
    return this.save(
      request.name,
      'updated',
      async (manager) => {
        const updated = await this.rules.update(manager, request.id, fields);
        if (!updated) throw new PrstError('PRICING_RULE_NOT_FOUND', `There is no pricing rule ${request.id}.`);
        return updated;
      },
      context,
    );
  }

  /** Writes a rule and its audit event in one transaction, then tells every replica's cache. */
  private async save(
    name: string,
    change: 'created' | 'updated',
    write: (manager: EntityManager) => Promise<PricingRuleEntity>,
    context: CallerContext,
  ): Promise<PricingRuleView> {
    const rule = await this.write(name, () =>
      this.rules.transaction(async (manager) => {
        const saved = await write(manager);
        await this.audit.publish(
          { action: `pricing_rule.${change}`, outcome: 'success', resource: { type: 'pricing_rule', id: saved.id }, details: this.auditDetails(saved) },
          context,
        );
        return saved;
      }),
    );
    this.announce(rule.id);
    return toPricingRuleView(rule);
  }

  async delete(id: string, context: CallerContext): Promise<void> {
    await this.rules.transaction(async (manager) => {
      const rule = await this.rules.find(id, manager);
      if (!rule || !(await this.rules.delete(manager, id))) throw new PrstError('PRICING_RULE_NOT_FOUND', `There is no pricing rule ${id}.`);
      await this.audit.publish(
        { action: 'pricing_rule.deleted', outcome: 'success', resource: { type: 'pricing_rule', id }, details: { name: rule.name } },
        context,
      );
    });
    this.announce(id);
  }

  async get(id: string): Promise<PricingRuleView> {
    const rule = await this.rules.find(id);
    if (!rule) throw new PrstError('PRICING_RULE_NOT_FOUND', `There is no pricing rule ${id}.`);
    return toPricingRuleView(rule);
  }

  async list(request: ListPricingRulesRequest): Promise<Page<PricingRuleView>> {
    const limit = request.limit ?? 50;
    const offset = request.offset ?? 0;
    const { items, total } = await this.rules.list(limit, offset);
    return { items: items.map(toPricingRuleView), total, limit, offset };
  }

  /** The rule's columns, or PRICING_RULE_INVALID listing every problem. */
  private async checked(request: CreatePricingRuleRequest, context: CallerContext): Promise<PricingRuleFields> {
    const strategy = {
      type: request.strategy.type,
      price: request.strategy.price ?? null,
      tiers: request.strategy.tiers?.map((tier) => ({ upTo: tier.upTo === null ? null : plain(tier.upTo), price: plain(tier.price) })) ?? null,
      currency: request.strategy.currency,
    };
    const problems = strategyProblems(strategy);
    const path = request.property.startsWith('properties.') ? request.property.slice('properties.'.length) : request.property;
    const unreadable = pathProblem(path);
    if (unreadable) problems.push(`property: ${unreadable}`);
    const { connectorId, promptId } = request.scope ?? {};
    const [connector, prompt] = await Promise.all([
      connectorId ? this.connectors.findConnector(connectorId) : undefined,
      promptId ? this.prompts.findPrompt(promptId) : undefined,
    ]);
    if (connectorId && !connector) problems.push(`scope.connectorId: there is no connector ${connectorId}`);
    if (promptId && !prompt) problems.push(`scope.promptId: there is no prompt ${promptId}`);
    if (problems.length) throw new PrstError('PRICING_RULE_INVALID', `The pricing rule is invalid: ${problems.join('; ')}.`, problems);
    return {
      name: request.name,
      connectorId: connectorId ?? null,
      promptId: promptId ?? null,
      property: request.property,
      aggregation: request.aggregation,
      strategyType: strategy.type,
      price: strategy.price === null ? null : plain(strategy.price),
      tiers: strategy.tiers,
      currency: strategy.currency,
      createdBy: context.principalId ?? null,
    };
  }

  private async write<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw new PrstError('PRICING_RULE_NAME_TAKEN', `A pricing rule named "${name}" already exists.`);
      throw error;
    }
  }

  private auditDetails(rule: PricingRuleEntity): Record<string, unknown> {
    const view = toPricingRuleView(rule);
    return { name: view.name, scope: view.scope, property: view.property, aggregation: view.aggregation, strategy: view.strategy };
  }

  private announce(id: string): void {
    this.cacheEvents.announce({ kind: 'pricing', id });
  }
}
