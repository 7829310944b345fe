import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The vault schema, owned by credential-vault; feature tables arrive in later migrations. */
export class CreateCredentialVaultSchema1764806400000 implements MigrationInterface {
  name = 'CreateCredentialVaultSchema1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS "vault"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SCHEMA IF EXISTS "vault"');
  }
}
