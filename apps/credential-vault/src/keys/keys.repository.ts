import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { InstallationEntity, KeyVersionEntity } from './key-version.entity.js';

/** Serializes key registration across replicas that start at the same time. */
const KEY_LOCK = 'prst:vault:keys';

@Injectable()
export class KeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The installation's KDF salt, created (16 random bytes) on first use. */
  async salt(): Promise<Buffer> {
    await this.dataSource.query(
      'INSERT INTO "vault"."installation" ("id", "kdf_salt") VALUES (1, $1) ON CONFLICT ("id") DO NOTHING',
      [randomBytes(16)],
    );
    const row = await this.dataSource.getRepository(InstallationEntity).findOneByOrFail({ id: 1 });
    return row.kdfSalt;
  }

  /** Runs `work` in a transaction holding the key-registration lock. */
  withKeyLock<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [KEY_LOCK]);
      return work(manager);
    });
  }

  versions(manager: EntityManager = this.dataSource.manager): Promise<KeyVersionEntity[]> {
    return manager.getRepository(KeyVersionEntity).find({ order: { version: 'ASC' } });
  }

  async addVersion(manager: EntityManager, version: number, kdf: KeyVersionEntity['kdf'], fingerprint: string): Promise<void> {
    await manager.query('INSERT INTO "vault"."key_versions" ("version", "kdf", "fingerprint") VALUES ($1, $2, $3)', [
      version,
      kdf,
      fingerprint,
    ]);
  }

  /** How many credentials are sealed under each key version. */
  async recordsByVersion(manager: EntityManager = this.dataSource.manager): Promise<Map<number, number>> {
    const rows: { key_version: number; count: string }[] = await manager.query(
      'SELECT "key_version", count(*) AS "count" FROM "vault"."credentials" GROUP BY "key_version"',
    );
    return new Map(rows.map((row) => [Number(row.key_version), Number(row.count)]));
  }
}
