import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SealedCredential } from '@prst/crypto';
import { CREDENTIAL_SLOT_COLUMNS, groupCredentialRows, slotArrays, type CredentialSlotRow, type StoredCredential } from './stored-credential.js';

/** Runs just before the transaction commits; throwing rolls everything back (fail closed). */
export type BeforeCommit<T> = (stored: T) => Promise<unknown>;

const INSERT_SLOTS = `INSERT INTO "vault"."credential_slots" ("credential_id", "slot", "nonce", "ciphertext", "tag")
  SELECT $1, * FROM unnest($2::text[], $3::bytea[], $4::bytea[], $5::bytea[])`;

@Injectable()
export class CredentialsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    record: { id: string; name: string; description: string | null; sealed: SealedCredential; by: string | null },
    beforeCommit: BeforeCommit<StoredCredential>,
  ): Promise<StoredCredential> {
    return this.dataSource.transaction(async (manager) => {
      const { dataKey } = record.sealed;
      await manager.query(
        `INSERT INTO "vault"."credentials" ("id", "name", "description", "key_version", "dk_nonce", "dk_wrapped", "dk_tag", "created_by", "updated_by")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
        [record.id, record.name, record.description, record.sealed.keyVersion, dataKey.nonce, dataKey.ciphertext, dataKey.tag, record.by],
      );
      await manager.query(INSERT_SLOTS, [record.id, ...slotArrays(record.sealed)]);
      const stored = await this.findIn(manager, record.id);
      await beforeCommit(stored!);
      return stored!;
    });
  }

  /** One statement, so a concurrent rotation is seen entirely before or entirely after. */
  async find(id: string): Promise<StoredCredential | undefined> {
    return this.findIn(this.dataSource.manager, id);
  }

  private async findIn(manager: EntityManager, id: string): Promise<StoredCredential | undefined> {
    const rows: CredentialSlotRow[] = await manager.query(
      `SELECT ${CREDENTIAL_SLOT_COLUMNS} FROM "vault"."credentials" c
       LEFT JOIN "vault"."credential_slots" s ON s."credential_id" = c."id" WHERE c."id" = $1`,
      [id],
    );
    return groupCredentialRows(rows)[0];
  }

  /** A page of credentials, oldest first, in one consistent snapshot. */
  async list(limit: number, offset: number): Promise<{ items: StoredCredential[]; total: number }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [{ total }] = await manager.query('SELECT count(*)::int AS "total" FROM "vault"."credentials"');
      const rows: CredentialSlotRow[] = await manager.query(
        `WITH page AS (SELECT * FROM "vault"."credentials" ORDER BY "created_at", "id" LIMIT $1 OFFSET $2)
         SELECT ${CREDENTIAL_SLOT_COLUMNS} FROM page c
         LEFT JOIN "vault"."credential_slots" s ON s."credential_id" = c."id"
         ORDER BY c."created_at", c."id", s."slot"`,
        [limit, offset],
      );
      return { items: groupCredentialRows(rows), total: Number(total) };
    });
  }

  /** Replaces the values (and name/description when given); undefined when there is no such credential. */
  async replace(
    record: { id: string; name?: string; description?: string; sealed: SealedCredential; by: string | null },
    beforeCommit: BeforeCommit<StoredCredential>,
  ): Promise<StoredCredential | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const { dataKey } = record.sealed;
      const updated: unknown[] = await manager.query(
        `UPDATE "vault"."credentials" SET "name" = COALESCE($2, "name"), "description" = COALESCE($3, "description"),
           "key_version" = $4, "dk_nonce" = $5, "dk_wrapped" = $6, "dk_tag" = $7, "updated_by" = $8, "updated_at" = now()
         WHERE "id" = $1 RETURNING "id"`,
        [record.id, record.name ?? null, record.description ?? null, record.sealed.keyVersion, dataKey.nonce, dataKey.ciphertext, dataKey.tag, record.by],
      );
      if (!rowCount(updated)) return undefined;
      await manager.query('DELETE FROM "vault"."credential_slots" WHERE "credential_id" = $1', [record.id]);
      await manager.query(INSERT_SLOTS, [record.id, ...slotArrays(record.sealed)]);
      const stored = await this.findIn(manager, record.id);
      await beforeCommit(stored!);
      return stored;
    });
  }

  async delete(id: string, beforeCommit: BeforeCommit<{ id: string; name: string }>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const deleted: unknown = await manager.query(
        'DELETE FROM "vault"."credentials" WHERE "id" = $1 RETURNING "id", "name"',
        [id],
      );
      const row = firstRow<{ id: string; name: string }>(deleted);
      if (!row) return false;
      await beforeCommit(row);
      return true;
    });
  }
}

// TypeORM's query() answers UPDATE/DELETE … RETURNING with [rows, count] on PostgreSQL.
function firstRow<T>(result: unknown): T | undefined {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0][0] as T | undefined;
  return (result as T[])[0];
}
function rowCount(result: unknown): number {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0].length;
  return (result as unknown[]).length;
}
