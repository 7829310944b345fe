import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit schema, owned by audit-log; feature tables arrive in later migrations. */
export class CreateAuditLogSchema1764806400000 implements MigrationInterface {
  name = 'CreateAuditLogSchema1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS "audit"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA IF EXISTS "audit"');
  }
}
