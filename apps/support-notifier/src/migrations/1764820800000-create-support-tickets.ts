import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Support tickets and their delivery outbox. A ticket created while support is on gets a delivery
 * job in the same transaction; the worker locks due jobs with FOR UPDATE SKIP LOCKED, so replicas
 * never work on the same ticket, and records every attempt.
 */
export class CreateSupportTickets1764820800000 implements MigrationInterface {
  name = 'CreateSupportTickets1764820800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "support"."tickets" (
        "id" uuid PRIMARY KEY,
        "category" text NOT NULL,
        "description" text NOT NULL,
        "created_by_type" text,
        "created_by_id" text,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX "tickets_created_at_idx" ON "support"."tickets" ("created_at" DESC, "id")');
    await queryRunner.query(`
      CREATE TABLE "support"."delivery_jobs" (
        "ticket_id" uuid PRIMARY KEY REFERENCES "support"."tickets" ("id") ON DELETE CASCADE,
        "state" text NOT NULL DEFAULT 'pending' CHECK ("state" IN ('pending', 'sent', 'failed')),
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "last_attempt_at" timestamptz,
        "last_error" text,
        "sent_at" timestamptz,
        "outcome_audited" boolean NOT NULL DEFAULT false,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "delivery_jobs_due_idx" ON "support"."delivery_jobs" ("next_attempt_at") WHERE "state" = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "delivery_jobs_unaudited_idx" ON "support"."delivery_jobs" ("ticket_id") WHERE "state" <> 'pending' AND NOT "outcome_audited"`,
    );
    await queryRunner.query(`
      CREATE TABLE "support"."delivery_attempts" (
        "id" bigserial PRIMARY KEY,
        "ticket_id" uuid NOT NULL REFERENCES "support"."tickets" ("id") ON DELETE CASCADE,
        "attempt" integer NOT NULL,
        "attempted_at" timestamptz NOT NULL,
        "duration_ms" integer NOT NULL,
        "outcome" text NOT NULL CHECK ("outcome" IN ('sent', 'retry', 'failed')),
        "http_status" integer,
        "error" text,
        UNIQUE ("ticket_id", "attempt")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "support"."delivery_attempts"');
    await queryRunner.query('DROP TABLE "support"."delivery_jobs"');
    await queryRunner.query('DROP TABLE "support"."tickets"');
  }
}
