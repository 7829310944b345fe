import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks of kind `proxy` (calls through the provider proxy) beside prompt executions: they have no
 * prompt, so the prompt columns become nullable, while a check keeps them required for executions.
 */
export class AddTaskKind1765200000000 implements MigrationInterface {
  name = 'AddTaskKind1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "prompts"."execution_task" ADD COLUMN "kind" varchar(16) NOT NULL DEFAULT 'execution' CHECK ("kind" IN ('execution', 'proxy'))`,
    );
    for (const column of ['prompt_id', 'prompt_version_id', 'prompt_version']) {
      await queryRunner.query(`ALTER TABLE "prompts"."execution_task" ALTER COLUMN "${column}" DROP NOT NULL`);
    }
    await queryRunner.query(`
      ALTER TABLE "prompts"."execution_task" ADD CONSTRAINT "ck_task_prompt_of_execution"
        CHECK ("kind" = 'proxy' OR ("prompt_id" IS NOT NULL AND "prompt_version_id" IS NOT NULL AND "prompt_version" IS NOT NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "prompts"."execution_task" WHERE "kind" = 'proxy'`);
    await queryRunner.query(`ALTER TABLE "prompts"."execution_task" DROP CONSTRAINT IF EXISTS "ck_task_prompt_of_execution"`);
    for (const column of ['prompt_id', 'prompt_version_id', 'prompt_version']) {
      await queryRunner.query(`ALTER TABLE "prompts"."execution_task" ALTER COLUMN "${column}" SET NOT NULL`);
    }
    await queryRunner.query(`ALTER TABLE "prompts"."execution_task" DROP COLUMN IF EXISTS "kind"`);
  }
}
