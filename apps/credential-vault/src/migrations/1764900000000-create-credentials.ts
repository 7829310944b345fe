import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credentials sealed with envelope encryption. Nonce, ciphertext and tag are separate columns so
 * that their sizes are checked by the database and a damaged row is easy to spot; no column holds
 * plaintext or a key.
 */
export class CreateCredentials1764900000000 implements MigrationInterface {
  name = 'CreateCredentials1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "vault"."installation" (
        "id" smallint PRIMARY KEY DEFAULT 1 CHECK ("id" = 1),
        "kdf_salt" bytea NOT NULL CHECK (octet_length("kdf_salt") >= 16),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "vault"."key_versions" (
        "version" integer PRIMARY KEY CHECK ("version" >= 1),
        "kdf" text NOT NULL CHECK ("kdf" IN ('hkdf-sha256', 'scrypt')),
        "fingerprint" text NOT NULL UNIQUE,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "vault"."credentials" (
        "id" uuid PRIMARY KEY,
        "name" text NOT NULL,
        "description" text,
        "key_version" integer NOT NULL REFERENCES "vault"."key_versions" ("version"),
        "dk_nonce" bytea NOT NULL CHECK (octet_length("dk_nonce") = 12),
        "dk_wrapped" bytea NOT NULL CHECK (octet_length("dk_wrapped") = 32),
        "dk_tag" bytea NOT NULL CHECK (octet_length("dk_tag") = 16),
        "created_by" text,
        "updated_by" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX "credentials_key_version_idx" ON "vault"."credentials" ("key_version")');
    await queryRunner.query('CREATE INDEX "credentials_created_at_idx" ON "vault"."credentials" ("created_at", "id")');
    await queryRunner.query(`
      CREATE TABLE "vault"."credential_slots" (
        "credential_id" uuid NOT NULL REFERENCES "vault"."credentials" ("id") ON DELETE CASCADE,
        "slot" text NOT NULL,
        "nonce" bytea NOT NULL CHECK (octet_length("nonce") = 12),
        "ciphertext" bytea NOT NULL,
        "tag" bytea NOT NULL CHECK (octet_length("tag") = 16),
        PRIMARY KEY ("credential_id", "slot")
      )`);
    await queryRunner.query(`
      CREATE TABLE "vault"."rotation" (
        "id" smallint PRIMARY KEY DEFAULT 1 CHECK ("id" = 1),
        "state" text NOT NULL CHECK ("state" IN ('running', 'completed')),
        "target_version" integer NOT NULL REFERENCES "vault"."key_versions" ("version"),
        "rotated" bigint NOT NULL DEFAULT 0,
        "worker" text,
        "heartbeat_at" timestamptz,
        "started_at" timestamptz NOT NULL,
        "finished_at" timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "vault"."rotation"');
    await queryRunner.query('DROP TABLE "vault"."credential_slots"');
    await queryRunner.query('DROP TABLE "vault"."credentials"');
    await queryRunner.query('DROP TABLE "vault"."key_versions"');
    await queryRunner.query('DROP TABLE "vault"."installation"');
  }
}
