import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { NestedType } from '../nested.js';
import { ListRequest } from '../prompts/prompt.messages.js';

export const PRICING_AGGREGATIONS = ['sum', 'count', 'avg', 'max'] as const;
export type PricingAggregation = (typeof PRICING_AGGREGATIONS)[number];

export const PRICING_STRATEGY_TYPES = ['per_unit', 'per_thousand', 'flat', 'tiered'] as const;
export type PricingStrategyType = (typeof PRICING_STRATEGY_TYPES)[number];

/** Mapped usage fields a rule may price by name; any other property is a path into the provider's answer. */
export const USAGE_PROPERTIES = ['usage.inputTokens', 'usage.outputTokens', 'usage.totalTokens'] as const;

/** A non-negative decimal with at most 15 digits before and 12 after the point, as text (amounts are never floats). */
export const PRICE_PATTERN = /^\d{1,15}(\.\d{1,12})?$/;
const PRICE_MESSAGE = (field: string) => `${field} must be a decimal ≥ 0 written as text or a plain number, e.g. "0.002" (at most 12 decimals)`;

/** A JSON number becomes its text so the pattern (and never float arithmetic) decides. */
function DecimalText(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));
}

export class PricingScope {
  @IsOptional()
  @IsUUID()
  connectorId?: string;

  @IsOptional()
  @IsUUID()
  promptId?: string;
}

/** One step of a tiered price: units up to `upTo` (inclusive; null = no limit, last tier only) cost `price` each. */
export class PricingTier {
  @ValidateIf((_tier, value) => value !== null)
  @DecimalText()
  @Matches(PRICE_PATTERN, { message: PRICE_MESSAGE('upTo') })
  upTo: string | null;

  @DecimalText()
  @Matches(PRICE_PATTERN, { message: PRICE_MESSAGE('price') })
  price: string;
}

/**
 * How the aggregated quantity q becomes a cost: `per_unit` q × price; `per_thousand` q × price / 1000;
 * `flat` price once per completed task; `tiered` graduated — each unit costs the price of the tier it
 * falls in (tiers ascending by `upTo`, the last may be open with `upTo: null`).
 */
export class PricingStrategy {
  @IsIn(PRICING_STRATEGY_TYPES)
  type: PricingStrategyType;

  @IsOptional()
  @DecimalText()
  @Matches(PRICE_PATTERN, { message: PRICE_MESSAGE('price') })
  price?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @NestedType(PricingTier)
  tiers?: PricingTier[];

  /** ISO 4217 code, three capital letters. */
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code of three capital letters, e.g. "USD"' })
  currency: string;
}

/**
 * `POST /pricing-rules`. `property` is a mapped usage field (`usage.inputTokens`,
 * `usage.outputTokens`, `usage.totalTokens`), a mapped property (`properties.<name>`), or a path into
 * the provider's answer (`usage.prompt_tokens`, `choices[0].logprobs`); `aggregation` turns its
 * value(s) into one quantity per task: a list is summed, counted, averaged or maxed; a single value
 * counts as a list of one.
 */
export class CreatePricingRuleRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @ValidateNested()
  @NestedType(PricingScope)
  scope?: PricingScope;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  property: string;

  @IsIn(PRICING_AGGREGATIONS)
  aggregation: PricingAggregation;

  @ValidateNested()
  @NestedType(PricingStrategy)
  strategy: PricingStrategy;
}

/** `PUT /pricing-rules/:id`: replaces the whole rule. */
export class UpdatePricingRuleRequest extends CreatePricingRuleRequest {
  @IsUUID()
  id: string;
}

export class PricingRuleIdRequest {
  @IsUUID()
  id: string;
}

export class ListPricingRulesRequest extends ListRequest {}

export interface PricingRuleView {
  id: string;
  name: string;
  scope: { connectorId: string | null; promptId: string | null };
  property: string;
  aggregation: PricingAggregation;
  strategy: { type: PricingStrategyType; price?: string; tiers?: { upTo: string | null; price: string }[]; currency: string };
  createdAt: string;
  updatedAt: string;
}

export const USAGE_GROUPS = ['day', 'prompt', 'connector', 'principal'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

/** `GET /usage?groupBy&from&to`: `from` defaults to 30 days before `to`, `to` to now; at most 366 days. */
export class GetUsageRequest {
  @IsIn(USAGE_GROUPS, { message: `groupBy must be one of ${USAGE_GROUPS.join(', ')}` })
  groupBy: UsageGroup;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** Totals of one group; costs per currency as decimal text. */
export interface UsageRow {
  /** The day (`YYYY-MM-DD`, UTC), prompt id, connector id or principal id; null for tasks without one. */
  key: string | null;
  tasks: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
  cost: Record<string, string>;
}

export interface UsageReport {
  groupBy: UsageGroup;
  from: string;
  to: string;
  rows: UsageRow[];
}
