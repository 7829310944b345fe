import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SealedCredential } from '@prst/crypto';
import { CREDENTIAL_SLOT_COLUMNS, groupCredentialRows, type CredentialSlotRow, type StoredCredential } from '../credentials/stored-credential.js';

export interface RotationRow {
  state: 'running' | 'completed';
  target_version: number;
  rotated: string;
  worker: string | null;
  heartbeat_at: Date | null;
  started_at: Date;
  finished_at: Date | null;
}

export interface BatchResult {
  /** Credentials re-wrapped and committed. */
  rotated: string[];
  /** Credentials that could not be opened (damaged); they stay on their old version. */
  failed: string[];
  /** The last id looked at, to continue the pass after it. */
  lastId: string | null;
}

@Injectable()
export class RotationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async state(): Promise<RotationRow | undefined> {
    const rows: RotationRow[] = await this.dataSource.query('SELECT * FROM "vault"."rotation" WHERE "id" = 1');
    return rows[0];
  }

  async newestVersion(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT COALESCE(max("version"), 0)::int AS "newest" FROM "vault"."key_versions"');
    return Number(row.newest);
  }

  async remaining(target: number): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS "count" FROM "vault"."credentials" WHERE "key_version" <> $1', [target]);
    return Number(row.count);
  }

  /**
   * Marks a rotation to `target` as running (keeping the progress of one already running to the
   * same target), then calls `beforeCommit` inside the transaction.
   */
  async begin(target: number, worker: string, beforeCommit: () => Promise<unknown>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO "vault"."rotation" AS r ("id", "state", "target_version", "rotated", "worker", "heartbeat_at", "started_at")
         VALUES (1, 'running', $1, 0, $2, now(), now())
         ON CONFLICT ("id") DO UPDATE SET
           "rotated" = CASE WHEN r."state" = 'running' AND r."target_version" = $1 THEN r."rotated" ELSE 0 END,
           "started_at" = CASE WHEN r."state" = 'running' AND r."target_version" = $1 THEN r."started_at" ELSE now() END,
           "state" = 'running', "target_version" = $1, "worker" = $2, "heartbeat_at" = now(), "finished_at" = NULL`,
        [target, worker],
      );
      await beforeCommit();
    });
  }

  async claim(worker: string): Promise<void> {
    await this.dataSource.query(`UPDATE "vault"."rotation" SET "worker" = $1, "heartbeat_at" = now() WHERE "id" = 1 AND "state" = 'running'`, [worker]);
  }

  async release(worker: string): Promise<void> {
    await this.dataSource.query('UPDATE "vault"."rotation" SET "worker" = NULL WHERE "id" = 1 AND "worker" = $1', [worker]);
  }

  /** Completes the rotation when no credential is left on another version; true when it did. */
  async complete(target: number): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE "vault"."rotation" SET "state" = 'completed', "finished_at" = now(), "worker" = NULL
       WHERE "id" = 1 AND "state" = 'running' AND "target_version" = $1
         AND NOT EXISTS (SELECT 1 FROM "vault"."credentials" WHERE "key_version" <> $1)
       RETURNING "id"`,
      [target],
    );
    return (result[0] as unknown[]).length > 0;
  }

  /**
   * Re-wraps up to `limit` credentials not yet on `target` with ids after `afterId`, in one
   * transaction. Rows locked by a concurrent update are skipped (that update writes the current
   * version anyway) and picked up by the next pass if still needed.
   */
  async rotateBatch(
    target: number,
    afterId: string | null,
    limit: number,
    rewrap: (credential: StoredCredential) => SealedCredential | undefined,
  ): Promise<BatchResult> {
    return this.dataSource.transaction(async (manager) => {
      const picked: { id: string }[] = await manager.query(
        `SELECT "id" FROM "vault"."credentials" WHERE "key_version" <> $1 AND ($2::uuid IS NULL OR "id" > $2::uuid)
         ORDER BY "id" LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [target, afterId, limit],
      );
      if (!picked.length) return { rotated: [], failed: [], lastId: null };
      const ids = picked.map((row) => row.id);
      const rows: CredentialSlotRow[] = await manager.query(
        `SELECT ${CREDENTIAL_SLOT_COLUMNS} FROM "vault"."credentials" c
         LEFT JOIN "vault"."credential_slots" s ON s."credential_id" = c."id" WHERE c."id" = ANY($1::uuid[])`,
        [ids],
      );
      const keys = { ids: [] as string[], nonces: [] as Buffer[], wrapped: [] as Buffer[], tags: [] as Buffer[] };
      const slots = { ids: [] as string[], names: [] as string[], nonces: [] as Buffer[], ciphertexts: [] as Buffer[], tags: [] as Buffer[] };
      const failed: string[] = [];
      for (const credential of groupCredentialRows(rows)) {
        const sealed = rewrap(credential);
        if (!sealed) {
          failed.push(credential.id);
          continue;
        }
        keys.ids.push(credential.id);
        keys.nonces.push(sealed.dataKey.nonce);
        keys.wrapped.push(sealed.dataKey.ciphertext);
        keys.tags.push(sealed.dataKey.tag);
        for (const [name, box] of Object.entries(sealed.slots)) {
          slots.ids.push(credential.id);
          slots.names.push(name);
          slots.nonces.push(box.nonce);
          slots.ciphertexts.push(box.ciphertext);
          slots.tags.push(box.tag);
        }
      }
      if (keys.ids.length) {
        await manager.query(
          `UPDATE "vault"."credentials" c SET "key_version" = $1, "dk_nonce" = u.n, "dk_wrapped" = u.w, "dk_tag" = u.t
           FROM unnest($2::uuid[], $3::bytea[], $4::bytea[], $5::bytea[]) AS u(id, n, w, t) WHERE c."id" = u.id`,
          [target, keys.ids, keys.nonces, keys.wrapped, keys.tags],
        );
        await manager.query(
          `UPDATE "vault"."credential_slots" s SET "nonce" = u.n, "ciphertext" = u.c, "tag" = u.t
           FROM unnest($1::uuid[], $2::text[], $3::bytea[], $4::bytea[], $5::bytea[]) AS u(id, slot, n, c, t)
           WHERE s."credential_id" = u.id AND s."slot" = u.slot`,
          [slots.ids, slots.names, slots.nonces, slots.ciphertexts, slots.tags],
        );
      }
      await manager.query(
        `UPDATE "vault"."rotation" SET "rotated" = "rotated" + $1, "heartbeat_at" = now()
         WHERE "id" = 1 AND "state" = 'running' AND "target_version" = $2`,
        [keys.ids.length, target],
      );
      return { rotated: keys.ids, failed, lastId: ids[ids.length - 1] };
    });
  }
}
