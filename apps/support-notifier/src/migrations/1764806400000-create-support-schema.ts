import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The support schema, owned by support-notifier; feature tables arrive in later migrations. */
export class CreateSupportNotifierSchema1764806400000 implements MigrationInterface {
  name = 'CreateSupportNotifierSchema1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS "support"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA IF EXISTS "support"');
  }
}
