import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every provider call of an execution (retries and fallbacks): connector version, status or error, latency, wait. */
export class AddTaskAttemptsLog1765000000000 implements MigrationInterface {
  name = 'AddTaskAttemptsLog1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "prompts"."execution_task" ADD COLUMN "attempts_log" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "prompts"."execution_task" DROP COLUMN IF EXISTS "attempts_log"`);
  }
}
