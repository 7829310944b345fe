import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The prompts schema, owned by prompt-executor; feature tables arrive in later migrations. */
export class CreatePromptExecutorSchema1764806400000 implements MigrationInterface {
  name = 'CreatePromptExecutorSchema1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS "prompts"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA IF EXISTS "prompts"');
  }
}
