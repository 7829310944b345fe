import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PricingAggregation, PricingStrategyType } from '@prst/contracts';

/** A pricing rule: which tasks it applies to, what it measures, and how that is priced. Prices are numeric, read as text. */
@Entity({ name: 'pricing_rule' })
export class PricingRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'connector_id', type: 'uuid', nullable: true })
  connectorId: string | null;

  @Column({ name: 'prompt_id', type: 'uuid', nullable: true })
  promptId: string | null;

  @Column({ type: 'varchar', length: 500 })
  property: string;

  @Column({ type: 'varchar', length: 8 })
  aggregation: PricingAggregation;

  @Column({ name: 'strategy_type', type: 'varchar', length: 16 })
  strategyType: PricingStrategyType;

  /** numeric(27,12); the driver hands it over as text, which is what the exact arithmetic wants. */
  @Column({ type: 'numeric', precision: 27, scale: 12, nullable: true })
  price: string | null;

  /** Tier limits and prices as decimal text. */
  @Column({ type: 'jsonb', nullable: true })
  tiers: { upTo: string | null; price: string }[] | null;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ name: 'created_by', type: 'varchar', length: 128, nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
