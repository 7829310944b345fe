import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hash-chained audit table. Append-only at the database level: triggers refuse UPDATE, DELETE
 * and TRUNCATE for every role (a superuser must deliberately disable them), and the privileges to do
 * so are revoked from everyone, the owner included, so a leaked service password cannot rewrite history.
 */
export class CreateAuditRecords1764900000000 implements MigrationInterface {
  name = 'CreateAuditRecords1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "audit"."audit_records" (
        "seq" bigint PRIMARY KEY CHECK ("seq" > 0),
        "event_id" text NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "recorded_at" timestamptz NOT NULL,
        "service" text NOT NULL,
        "request_id" text NOT NULL,
        "action" text NOT NULL,
        "outcome" text NOT NULL,
        "principal_type" text NOT NULL,
        "principal_id" text,
        "resource_type" text,
        "resource_id" text,
        "details" text NOT NULL,
        "prev_hash" char(64) NOT NULL,
        "hash" char(64) NOT NULL,
        CONSTRAINT "audit_records_event_id_key" UNIQUE ("event_id")
      )`);
    await queryRunner.query('CREATE INDEX "audit_records_occurred_at_idx" ON "audit"."audit_records" ("occurred_at")');
    await queryRunner.query('CREATE INDEX "audit_records_action_idx" ON "audit"."audit_records" ("action" text_pattern_ops)');
    await queryRunner.query('CREATE INDEX "audit_records_principal_idx" ON "audit"."audit_records" ("principal_id")');
    await queryRunner.query('CREATE INDEX "audit_records_resource_idx" ON "audit"."audit_records" ("resource_type", "resource_id")');
    await queryRunner.query(`
      CREATE FUNCTION "audit"."refuse_audit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit records are append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_records_append_only" BEFORE UPDATE OR DELETE ON "audit"."audit_records"
      FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_audit_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_records_no_truncate" BEFORE TRUNCATE ON "audit"."audit_records"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit"."refuse_audit_change"()`);
    await queryRunner.query('REVOKE UPDATE, DELETE, TRUNCATE ON "audit"."audit_records" FROM PUBLIC, CURRENT_USER');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "audit"."audit_records"');
    await queryRunner.query('DROP FUNCTION "audit"."refuse_audit_change"()');
  }
}
