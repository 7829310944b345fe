import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ThrottleCounter {
  key: string;
  failures: number;
  /** Seconds until the counter's window ends. */
  secondsLeft: number;
}

/**
 * Failed-attempt counters in PostgreSQL, so every gateway replica counts against the same limit.
 * A counter is a fixed window: the first failure starts it, and it starts over once it has ended.
 */
@Injectable()
export class ThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async read(keys: string[], windowSeconds: number): Promise<ThrottleCounter[]> {
    const rows: Array<{ key: string; failures: number; seconds_left: string }> = await this.dataSource.query(
      `SELECT "key", "failures",
              ceil(extract(epoch FROM ("window_start" + make_interval(secs => $2)) - now())) AS seconds_left
       FROM "identity"."auth_throttle"
       WHERE "key" = ANY($1) AND "window_start" > now() - make_interval(secs => $2)`,
      [keys, windowSeconds],
    );
    return rows.map((row) => ({ key: row.key, failures: row.failures, secondsLeft: Number(row.seconds_left) }));
  }

  /** Counts one failure against every key, atomically per key. */
  async increment(keys: string[], windowSeconds: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "identity"."auth_throttle" AS t ("key", "window_start", "failures")
       SELECT k, now(), 1 FROM unnest($1::text[]) AS k
       ON CONFLICT ("key") DO UPDATE SET
         "failures" = CASE WHEN t."window_start" > now() - make_interval(secs => $2) THEN t."failures" + 1 ELSE 1 END,
         "window_start" = CASE WHEN t."window_start" > now() - make_interval(secs => $2) THEN t."window_start" ELSE now() END`,
      [keys, windowSeconds],
    );
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM "identity"."auth_throttle" WHERE "key" = $1`, [key]);
  }

  /** Drops counters whose window ended long ago (keeps the table small). */
  async prune(windowSeconds: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM "identity"."auth_throttle" WHERE "window_start" < now() - make_interval(secs => $1) * 2`,
      [windowSeconds],
    );
  }
}
