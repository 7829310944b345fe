import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { VersionStatus } from '@prst/contracts';
import { PromptEntity, PromptLabelEntity, PromptVersionEntity } from './prompt.entity.js';

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string; driverError?: { code?: string } })?.code === UNIQUE_VIOLATION ||
    (error as { driverError?: { code?: string } })?.driverError?.code === UNIQUE_VIOLATION;
}

/** Prompts, their versions and labels in the prompts schema. */
@Injectable()
export class PromptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  createPrompt(manager: EntityManager, values: Pick<PromptEntity, 'name' | 'description' | 'createdBy'>): Promise<PromptEntity> {
    const repository = manager.getRepository(PromptEntity);
    return repository.save(repository.create({ ...values, status: 'active' }));
  }

  findPrompt(id: string, manager: EntityManager = this.dataSource.manager): Promise<PromptEntity | null> {
    return manager.getRepository(PromptEntity).findOneBy({ id });
  }

  /** Locks the prompt row, so version numbering and label moves of one prompt happen one at a time. */
  lockPrompt(manager: EntityManager, id: string): Promise<PromptEntity | null> {
    return manager.getRepository(PromptEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async listPrompts(filter: { status?: string; limit: number; offset: number }): Promise<{ items: PromptEntity[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(PromptEntity).findAndCount({
      where: filter.status ? { status: filter.status as PromptEntity['status'] } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items, total };
  }

  async savePrompt(manager: EntityManager, prompt: PromptEntity): Promise<PromptEntity> {
    return manager.getRepository(PromptEntity).save(prompt);
  }

  /** Labels (label → version) and the latest version label of each prompt. */
  async summaries(promptIds: string[]): Promise<Map<string, { labels: Record<string, string>; latestVersion: string | null }>> {
    const result = new Map(promptIds.map((id) => [id, { labels: {} as Record<string, string>, latestVersion: null as string | null }]));
    if (!promptIds.length) return result;
    const labels: { prompt_id: string; label: string; version: string }[] = await this.dataSource.query(
      `SELECT l.prompt_id, l.label, v.version FROM prompts.prompt_label l JOIN prompts.prompt_version v ON v.id = l.version_id
        WHERE l.prompt_id = ANY($1)`,
      [promptIds],
    );
    for (const row of labels) result.get(row.prompt_id)!.labels[row.label] = row.version;
    const latest: { prompt_id: string; version: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (prompt_id) prompt_id, version FROM prompts.prompt_version
        WHERE prompt_id = ANY($1) ORDER BY prompt_id, created_at DESC`,
      [promptIds],
    );
    for (const row of latest) result.get(row.prompt_id)!.latestVersion = row.version;
    return result;
  }

  /** The next automatic label: one more than the highest numeric label so far. */
  async nextVersionLabel(manager: EntityManager, promptId: string): Promise<string> {
    const [row]: { next: string }[] = await manager.query(
      `SELECT COALESCE(MAX(version::bigint) FILTER (WHERE version ~ '^[0-9]{1,15}$'), 0) + 1 AS next
         FROM prompts.prompt_version WHERE prompt_id = $1`,
      [promptId],
    );
    return String(row.next);
  }

  createVersion(manager: EntityManager, values: Omit<PromptVersionEntity, 'id' | 'createdAt'>): Promise<PromptVersionEntity> {
    const repository = manager.getRepository(PromptVersionEntity);
    return repository.save(repository.create(values));
  }

  saveVersion(manager: EntityManager, version: PromptVersionEntity): Promise<PromptVersionEntity> {
    return manager.getRepository(PromptVersionEntity).save(version);
  }

  listVersions(promptId: string): Promise<PromptVersionEntity[]> {
    return this.dataSource.getRepository(PromptVersionEntity).find({ where: { promptId }, order: { createdAt: 'ASC' } });
  }

  findVersion(promptId: string, version: string, manager: EntityManager = this.dataSource.manager): Promise<PromptVersionEntity | null> {
    return manager.getRepository(PromptVersionEntity).findOneBy({ promptId, version });
  }

  findVersionById(id: string): Promise<PromptVersionEntity | null> {
    return this.dataSource.getRepository(PromptVersionEntity).findOneBy({ id });
  }

  async findVersionByLabel(promptId: string, label: string): Promise<PromptVersionEntity | null> {
    const row = await this.dataSource.getRepository(PromptLabelEntity).findOneBy({ promptId, label });
    return row ? this.findVersionById(row.versionId) : null;
  }

  latestPublished(promptId: string): Promise<PromptVersionEntity | null> {
    return this.dataSource.getRepository(PromptVersionEntity).findOne({
      where: { promptId, status: 'published' as VersionStatus },
      order: { createdAt: 'DESC' },
    });
  }

  async labelsOfVersion(versionId: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(PromptLabelEntity).find({ where: { versionId }, order: { label: 'ASC' } });
    return rows.map((row) => row.label);
  }

  async labelsByVersion(promptId: string): Promise<Map<string, string[]>> {
    const rows = await this.dataSource.getRepository(PromptLabelEntity).find({ where: { promptId }, order: { label: 'ASC' } });
    const result = new Map<string, string[]>();
    for (const row of rows) result.set(row.versionId, [...(result.get(row.versionId) ?? []), row.label]);
    return result;
  }

  async setLabel(manager: EntityManager, promptId: string, label: string, versionId: string): Promise<void> {
    await manager.query(
      `INSERT INTO prompts.prompt_label (prompt_id, label, version_id, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (prompt_id, label) DO UPDATE SET version_id = EXCLUDED.version_id, updated_at = now()`,
      [promptId, label, versionId],
    );
  }
}
