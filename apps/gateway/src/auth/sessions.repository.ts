import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity.js';

/** Refresh tokens (stored as keyed hashes) grouped in families, one family per sign-in. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(fields: { familyId: string; userId: string; tokenHash: Buffer; expiresAt: Date }, manager: EntityManager = this.manager): Promise<void> {
    await manager.insert(RefreshTokenEntity, fields);
  }

  findByHash(tokenHash: Buffer, manager: EntityManager = this.manager): Promise<RefreshTokenEntity | null> {
    return manager.findOneBy(RefreshTokenEntity, { tokenHash });
  }

  /** Marks a token used; false when another request used it first (then it counts as reuse). */
  async markUsed(id: string, manager: EntityManager): Promise<boolean> {
    const result = await manager.update(RefreshTokenEntity, { id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: () => 'now()' });
    return (result.affected ?? 0) === 1;
  }

  async revokeFamily(familyId: string, manager: EntityManager = this.manager): Promise<void> {
    await manager.update(RefreshTokenEntity, { familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  async revokeAllOfUser(userId: string, manager: EntityManager = this.manager): Promise<void> {
    await manager.update(RefreshTokenEntity, { userId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }
}
