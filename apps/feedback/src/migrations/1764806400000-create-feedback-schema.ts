import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The feedback schema, owned by feedback; feature tables arrive in later migrations. */
export class CreateFeedbackSchema1764806400000 implements MigrationInterface {
  name = 'CreateFeedbackSchema1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS "feedback"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA IF EXISTS "feedback"');
  }
}
