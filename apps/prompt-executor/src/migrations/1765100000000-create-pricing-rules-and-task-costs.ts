import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pricing rules; each finished task's cost per currency (numeric, exact) beside a copy on the task
 * row for display; and the index the usage report by connector needs.
 */
export class CreatePricingRulesAndTaskCosts1765100000000 implements MigrationInterface {
  name = 'CreatePricingRulesAndTaskCosts1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "prompts"."pricing_rule" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar(200) NOT NULL,
        "connector_id" uuid,
        "prompt_id" uuid,
        "property" varchar(500) NOT NULL,
        "aggregation" varchar(8) NOT NULL CHECK ("aggregation" IN ('sum', 'count', 'avg', 'max')),
        "strategy_type" varchar(16) NOT NULL CHECK ("strategy_type" IN ('per_unit', 'per_thousand', 'flat', 'tiered')),
        "price" numeric(27, 12) CHECK ("price" >= 0),
        "tiers" jsonb,
        "currency" char(3) NOT NULL CHECK ("currency" ~ '^[A-Z]{3}$'),
        "created_by" varchar(128),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_pricing_rule_name" UNIQUE ("name"),
        CONSTRAINT "ck_pricing_rule_price" CHECK (("strategy_type" = 'tiered') = ("price" IS NULL AND "tiers" IS NOT NULL))
      )`);
    await queryRunner.query(`ALTER TABLE "prompts"."execution_task" ADD COLUMN "cost" jsonb`);
    await queryRunner.query(`
      CREATE TABLE "prompts"."execution_task_cost" (
        "task_id" uuid NOT NULL REFERENCES "prompts"."execution_task"("id") ON DELETE CASCADE,
        "currency" char(3) NOT NULL,
        "amount" numeric(30, 10) NOT NULL,
        PRIMARY KEY ("task_id", "currency")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_task_connector" ON "prompts"."execution_task" ("connector_id", "created_at" DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "prompts"."ix_task_connector"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "prompts"."execution_task_cost"`);
    await queryRunner.query(`ALTER TABLE "prompts"."execution_task" DROP COLUMN IF EXISTS "cost"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "prompts"."pricing_rule"`);
  }
}
