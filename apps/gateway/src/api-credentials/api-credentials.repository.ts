import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@prst/contracts';
import { ApiCredentialEntity } from './api-credential.entity.js';
import type { CredentialState } from '../identity/principal-cache.js';

@Injectable()
export class ApiCredentialsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findStateByHash(hash: Buffer): Promise<CredentialState | undefined> {
    const found = await this.dataSource.manager.findOne(ApiCredentialEntity, {
      where: { keyHash: hash },
      select: { id: true, role: true, permissions: true, createdBy: true, expiresAt: true, revokedAt: true },
    });
    return found
      ? { id: found.id, role: found.role, permissions: found.permissions, createdBy: found.createdBy, expiresAt: found.expiresAt, revokedAt: found.revokedAt }
      : undefined;
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<ApiCredentialEntity | null> {
    return manager.findOneBy(ApiCredentialEntity, { id });
  }

  /** Every credential (for admins) or those one user created, newest first. */
  list(createdBy?: string): Promise<ApiCredentialEntity[]> {
    return this.dataSource.manager.find(ApiCredentialEntity, {
      where: createdBy ? { createdBy } : {},
      order: { createdAt: 'DESC' },
    });
  }

  async insert(
    fields: { name: string; prefix: string; keyHash: Buffer; role: Role; permissions: string[] | null; createdBy: string; expiresAt: Date | null },
    manager: EntityManager,
  ): Promise<ApiCredentialEntity> {
    const result = await manager.insert(ApiCredentialEntity, fields);
    return manager.findOneByOrFail(ApiCredentialEntity, { id: result.identifiers[0]!.id as string });
  }

  async revoke(id: string, manager: EntityManager): Promise<void> {
    await manager.update(ApiCredentialEntity, { id }, { revokedAt: () => 'now()' });
  }

  /** Ids of the live credentials a user created (evicted from caches when the user changes). */
  async idsCreatedBy(userId: string): Promise<string[]> {
    const rows = await this.dataSource.manager.find(ApiCredentialEntity, { where: { createdBy: userId }, select: { id: true } });
    return rows.map((row) => row.id);
  }

  /** Writes many last-used stamps in one statement. */
  async stampLastUsed(stamps: Map<string, Date>): Promise<void> {
    if (!stamps.size) return;
    await this.dataSource.query(
      `UPDATE "identity"."api_credentials" AS c SET "last_used_at" = GREATEST(c."last_used_at", s.at)
       FROM unnest($1::uuid[], $2::timestamptz[]) AS s(id, at) WHERE c."id" = s.id`,
      [[...stamps.keys()], [...stamps.values()].map((date) => date.toISOString())],
    );
  }
}
