import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Prompts, versions and labels; connectors and their versions; execution tasks. */
export class CreatePromptsConnectorsExecutions1764900000000 implements MigrationInterface {
  name = 'CreatePromptsConnectorsExecutions1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "prompts"."connector" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar(200) NOT NULL,
        "description" text,
        "preset" varchar(64),
        "credential_id" uuid,
        "created_by" varchar(128),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_connector_name" UNIQUE ("name")
      )`);
    await queryRunner.query(`
      CREATE TABLE "prompts"."connector_version" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "connector_id" uuid NOT NULL REFERENCES "prompts"."connector"("id"),
        "version" varchar(64) NOT NULL,
        "template" jsonb NOT NULL,
        "created_by" varchar(128),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_connector_version" UNIQUE ("connector_id", "version")
      )`);
    await queryRunner.query(`
      CREATE TABLE "prompts"."prompt" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar(200) NOT NULL,
        "description" text,
        "status" varchar(16) NOT NULL DEFAULT 'active' CHECK ("status" IN ('active', 'archived')),
        "created_by" varchar(128),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "prompts"."prompt_version" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "prompt_id" uuid NOT NULL REFERENCES "prompts"."prompt"("id"),
        "version" varchar(64) NOT NULL,
        "body" text NOT NULL,
        "parameters" jsonb NOT NULL DEFAULT '[]',
        "connector_id" uuid REFERENCES "prompts"."connector"("id"),
        "connector_version" varchar(64),
        "credential_id" uuid,
        "proxy_parameters" jsonb NOT NULL DEFAULT '{}',
        "status" varchar(16) NOT NULL CHECK ("status" IN ('draft', 'published', 'archived')),
        "created_by" varchar(128),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "published_at" timestamptz,
        CONSTRAINT "uq_prompt_version" UNIQUE ("prompt_id", "version")
      )`);
    await queryRunner.query(`
      CREATE TABLE "prompts"."prompt_label" (
        "prompt_id" uuid NOT NULL REFERENCES "prompts"."prompt"("id"),
        "label" varchar(64) NOT NULL,
        "version_id" uuid NOT NULL REFERENCES "prompts"."prompt_version"("id"),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("prompt_id", "label")
      )`);
    await queryRunner.query(`
      CREATE TABLE "prompts"."execution_task" (
        "id" uuid PRIMARY KEY,
        "mode" varchar(8) NOT NULL CHECK ("mode" IN ('sync', 'async')),
        "status" varchar(16) NOT NULL CHECK ("status" IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED')),
        "prompt_id" uuid NOT NULL,
        "prompt_version_id" uuid NOT NULL,
        "prompt_version" varchar(64) NOT NULL,
        "label" varchar(64),
        "connector_id" uuid NOT NULL,
        "connector_version_id" uuid NOT NULL,
        "connector_version" varchar(64) NOT NULL,
        "credential_id" uuid,
        "principal_id" varchar(128),
        "principal_type" varchar(32),
        "request_id" varchar(128),
        "parameters" jsonb NOT NULL DEFAULT '{}',
        "rendered_prompt" text,
        "provider_request" jsonb,
        "raw_response" jsonb,
        "output" text,
        "usage" jsonb,
        "properties" jsonb,
        "timings" jsonb,
        "latency_ms" integer,
        "error" jsonb,
        "attempts" integer NOT NULL DEFAULT 0,
        "lease_until" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "started_at" timestamptz,
        "completed_at" timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX "ix_task_created" ON "prompts"."execution_task" ("created_at" DESC)`);
    await queryRunner.query(`CREATE INDEX "ix_task_prompt" ON "prompts"."execution_task" ("prompt_id", "created_at" DESC)`);
    await queryRunner.query(`CREATE INDEX "ix_task_principal" ON "prompts"."execution_task" ("principal_id", "created_at" DESC)`);
    await queryRunner.query(`CREATE INDEX "ix_task_status" ON "prompts"."execution_task" ("status", "created_at" DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['execution_task', 'prompt_label', 'prompt_version', 'prompt', 'connector_version', 'connector']) {
      await queryRunner.query(`DROP TABLE IF EXISTS "prompts"."${table}"`);
    }
  }
}
