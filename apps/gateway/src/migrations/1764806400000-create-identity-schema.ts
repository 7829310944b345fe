import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The identity schema, owned by gateway; feature tables arrive in later migrations. */
export class CreateGatewaySchema1764806400000 implements MigrationInterface {
  name = 'CreateGatewaySchema1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS "identity"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA IF EXISTS "identity"');
  }
}
