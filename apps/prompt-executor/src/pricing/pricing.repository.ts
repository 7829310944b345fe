import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PricingRuleEntity } from './pricing-rule.entity.js';

export type PricingRuleFields = Omit<PricingRuleEntity, 'id' | 'createdAt' | 'updatedAt'>;

/** Pricing rules in the prompts schema. */
@Injectable()
export class PricingRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Every rule: the set is small (a few per connector), so the executor keeps all of it in memory. */
  all(): Promise<PricingRuleEntity[]> {
    return this.dataSource.getRepository(PricingRuleEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<PricingRuleEntity | null> {
    return manager.getRepository(PricingRuleEntity).findOneBy({ id });
  }

  async list(limit: number, offset: number): Promise<{ items: PricingRuleEntity[]; total: number }> {
    const [items, total] = await this.dataSource
      .getRepository(PricingRuleEntity)
      .findAndCount({ order: { createdAt: 'ASC', id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }

  async create(manager: EntityManager, fields: PricingRuleFields): Promise<PricingRuleEntity> {
    const repository = manager.getRepository(PricingRuleEntity);
    const { identifiers } = await repository.insert(fields as never);
    return (await repository.findOneBy({ id: identifiers[0].id as string }))!;
  }

  async update(manager: EntityManager, id: string, fields: PricingRuleFields): Promise<PricingRuleEntity | null> {
    const repository = manager.getRepository(PricingRuleEntity);
    const result = await repository.update({ id }, { ...fields, updatedAt: () => 'now()' } as never);
    return (result.affected ?? 0) > 0 ? repository.findOneBy({ id }) : null;
  }

  async delete(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.getRepository(PricingRuleEntity).delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
