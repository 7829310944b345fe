import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, refresh-token sessions, API credentials and the failed-attempt counters shared by replicas. */
export class CreateIdentityTables1764950000000 implements MigrationInterface {
  name = 'CreateIdentityTables1764950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "identity"."users" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "email" text NOT NULL,
        "password_hash" text NOT NULL,
        "role" text NOT NULL CHECK ("role" IN ('admin', 'editor', 'viewer')),
        "is_root" boolean NOT NULL DEFAULT false,
        "must_change_password" boolean NOT NULL DEFAULT false,
        "status" text NOT NULL DEFAULT 'active' CHECK ("status" IN ('active', 'terminated')),
        "token_version" integer NOT NULL DEFAULT 0,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "password_changed_at" timestamptz,
        "terminated_at" timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "identity"."users" (lower("email"))`);
    // At most one root administrator, whatever replicas race at the first start.
    await queryRunner.query(`CREATE UNIQUE INDEX "users_one_root" ON "identity"."users" ("is_root") WHERE "is_root"`);

    await queryRunner.query(`
      CREATE TABLE "identity"."refresh_tokens" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "family_id" uuid NOT NULL,
        "user_id" uuid NOT NULL REFERENCES "identity"."users" ("id") ON DELETE CASCADE,
        "token_hash" bytea NOT NULL UNIQUE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        "revoked_at" timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX "refresh_tokens_family" ON "identity"."refresh_tokens" ("family_id")`);
    await queryRunner.query(`CREATE INDEX "refresh_tokens_user" ON "identity"."refresh_tokens" ("user_id")`);

    await queryRunner.query(`
      CREATE TABLE "identity"."api_credentials" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "prefix" text NOT NULL,
        "key_hash" bytea NOT NULL UNIQUE,
        "role" text NOT NULL CHECK ("role" IN ('admin', 'editor', 'viewer')),
        "permissions" text[],
        "created_by" uuid NOT NULL REFERENCES "identity"."users" ("id"),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz,
        "revoked_at" timestamptz,
        "last_used_at" timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX "api_credentials_creator" ON "identity"."api_credentials" ("created_by")`);

    await queryRunner.query(`
      CREATE TABLE "identity"."auth_throttle" (
        "key" text PRIMARY KEY,
        "window_start" timestamptz NOT NULL,
        "failures" integer NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS "identity"."auth_throttle"');
    await queryRunner.query('DROP TABLE IF EXISTS "identity"."api_credentials"');
    await queryRunner.query('DROP TABLE IF EXISTS "identity"."refresh_tokens"');
    await queryRunner.query('DROP TABLE IF EXISTS "identity"."users"');
  }
}
