import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AttemptDecision } from './retry-policy.js';
import type { DeliveryState } from './delivery-job.entity.js';

/** A due job, locked by the transaction that claimed it. */
export interface ClaimedJob {
  ticketId: string;
  attempts: number;
  category: string;
  description: string;
  createdAt: Date;
}

export interface FinishedJob {
  ticketId: string;
  state: Exclude<DeliveryState, 'pending'>;
  attempts: number;
  lastError: string | null;
  category: string;
}

/** The outbox tables: claiming due jobs and recording attempts. */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction; a claimed job stays locked until it ends. */
  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Locks the oldest due job. SKIP LOCKED lets every replica poll at once: a job being delivered by
   * one is invisible to the others until that transaction ends, so no ticket is sent twice at once,
   * and a crashed replica's lock is released by PostgreSQL with its connection.
   */
  async claimDue(manager: EntityManager): Promise<ClaimedJob | undefined> {
    const rows: Array<{ ticket_id: string; attempts: number; category: string; description: string; created_at: Date }> =
      await manager.query(
        `SELECT j.ticket_id, j.attempts, t.category, t.description, t.created_at
           FROM "support"."delivery_jobs" j
           JOIN "support"."tickets" t ON t.id = j.ticket_id
          WHERE j.state = 'pending' AND j.next_attempt_at <= clock_timestamp()
          ORDER BY j.next_attempt_at
          LIMIT 1
          FOR UPDATE OF j SKIP LOCKED`,
      );
    const row = rows[0];
    if (!row) return undefined;
    return {
      ticketId: row.ticket_id,
      attempts: row.attempts,
      category: row.category,
      description: row.description,
      createdAt: new Date(row.created_at),
    };
  }

  /** The database's clock, so every replica decides with the same time. */
  async now(manager: EntityManager): Promise<Date> {
    const rows: Array<{ now: Date }> = await manager.query('SELECT clock_timestamp() AS now');
    return new Date(rows[0].now);
  }

  /** Stores one attempt and the job's new state. */
  async recordAttempt(
    manager: EntityManager,
    job: ClaimedJob,
    attempt: { number: number; startedAt: Date; durationMs: number },
    decision: AttemptDecision,
  ): Promise<void> {
    const error = decision.outcome === 'sent' ? null : decision.error;
    await manager.query(
      `INSERT INTO "support"."delivery_attempts"
         ("ticket_id", "attempt", "attempted_at", "duration_ms", "outcome", "http_status", "error")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [job.ticketId, attempt.number, attempt.startedAt, attempt.durationMs, decision.outcome, decision.httpStatus, error],
    );
    const state: DeliveryState = decision.outcome === 'retry' ? 'pending' : decision.outcome;
    await manager.query(
      `UPDATE "support"."delivery_jobs"
          SET "state" = $2,
              "attempts" = $3,
              "last_attempt_at" = $4,
              "last_error" = $5,
              "sent_at" = CASE WHEN $2 = 'sent' THEN clock_timestamp() ELSE "sent_at" END,
              "next_attempt_at" = COALESCE($6, "next_attempt_at"),
              "updated_at" = clock_timestamp()
        WHERE "ticket_id" = $1`,
      [job.ticketId, state, attempt.number, attempt.startedAt, error, decision.outcome === 'retry' ? decision.nextAttemptAt : null],
    );
  }

  /** Finished jobs whose outcome is not in the audit trail yet (for example after an audit outage). */
  async findUnaudited(limit: number): Promise<FinishedJob[]> {
    const rows: Array<{ ticket_id: string; state: 'sent' | 'failed'; attempts: number; last_error: string | null; category: string }> =
      await this.dataSource.query(
        `SELECT j.ticket_id, j.state, j.attempts, j.last_error, t.category
           FROM "support"."delivery_jobs" j
           JOIN "support"."tickets" t ON t.id = j.ticket_id
          WHERE j.state <> 'pending' AND NOT j.outcome_audited
          ORDER BY j.updated_at
          LIMIT $1`,
        [limit],
      );
    return rows.map((row) => ({
      ticketId: row.ticket_id,
      state: row.state,
      attempts: row.attempts,
      lastError: row.last_error,
      category: row.category,
    }));
  }

  async markAudited(ticketId: string): Promise<void> {
    await this.dataSource.query('UPDATE "support"."delivery_jobs" SET "outcome_audited" = true WHERE "ticket_id" = $1', [ticketId]);
  }
}
