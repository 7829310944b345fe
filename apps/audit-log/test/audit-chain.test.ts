import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kvm } from '@nats-io/kv';
import { KvBuckets, Subjects, type AuditExportPage, type AuditRecord, type AuditRecordPage } from '@prst/contracts';
import { startTestInfra, type TestInfra } from '@prst/local-infra';
import { chainHash, contentOf } from '../src/chain/audit-chain.js';
import type { AuditCheckpoint } from '../src/checkpoints/checkpoint-signature.js';
import { connectAs, context, publishAll, sampleEvent, startAuditKit, waitFor, type AuditKit } from './audit-test-kit.js';

const RECORDS = 10_000;
const verifierBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/bin/audit-verify.js');

describe('audit chain: 10,000 records, tampering and forgery', () => {
  let infra: TestInfra;
  let kit: AuditKit;

  /** Runs `sql` with the append-only triggers disabled (as a database superuser could), verifies, restores. */
  async function tampered(sql: string[]) {
    await kit.db.query('ALTER TABLE audit.audit_records DISABLE TRIGGER USER');
    try {
      for (const statement of sql) await kit.db.query(statement);
      return await kit.verify();
    } finally {
      await kit.db.query('DELETE FROM audit.audit_records');
      await kit.db.query('INSERT INTO audit.audit_records SELECT * FROM audit.pristine');
      await kit.db.query('ALTER TABLE audit.audit_records ENABLE TRIGGER USER');
    }
  }

  async function recordAt(seq: number): Promise<AuditRecord> {
    const page = await kit.rpc.request<AuditExportPage>(Subjects.audit.recordExport, { afterSeq: seq - 1, limit: 1 }, context);
    return page.records[0];
  }

  /** The SQL that rewrites record `seq` with new details and a correctly recomputed hash. */
  function forgedUpdate(record: AuditRecord, prevHash: string, details: Record<string, unknown>): { sql: string; hash: string } {
    const forged = { ...record, details, prevHash };
    const hash = chainHash(prevHash, contentOf(forged));
    const detailsJson = JSON.stringify(details); // keys already in canonical order in these tests
    return {
      sql: `UPDATE audit.audit_records SET details = '${detailsJson}', prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${record.seq}`,
      hash,
    };
  }

  before(async () => {
    infra = await startTestInfra('audit-chain');
    kit = await startAuditKit(infra);
    const started = Date.now();
    await publishAll(kit.js, Array.from({ length: RECORDS }, (_, index) => sampleEvent(index)), 500);
    const published = Date.now();
    await kit.waitForCount(RECORDS, 120_000);
    console.log(`# ${RECORDS} events published in ${published - started} ms, all chained after ${Date.now() - started} ms`);
    // The checkpoint is signed right after the append that crosses each 1,000 records.
    await waitFor(async () => ((await kit.verify()).checkpoint.seq ?? 0) >= RECORDS - 1000, 30_000, 'a recent checkpoint');
    await kit.db.query('CREATE TABLE audit.pristine AS SELECT * FROM audit.audit_records');
  });

  after(async () => {
    await kit?.close();
    await infra?.stop();
  });

  it('verifies the intact chain: gapless, linked, matching its signed checkpoint', async () => {
    const started = Date.now();
    const verdict = await kit.verify();
    console.log(`# verify of ${RECORDS} records took ${Date.now() - started} ms`);
    assert.equal(verdict.valid, true);
    assert.equal(verdict.entries, RECORDS);
    assert.equal(verdict.headSeq, RECORDS);
    assert.match(verdict.headHash ?? '', /^[0-9a-f]{64}$/);
    assert.equal(verdict.firstInvalidSeq, null);
    assert.equal(verdict.checkpoint.valid, true);
    const { rows } = await kit.db.query('SELECT count(DISTINCT event_id) AS n, min(seq) AS lo, max(seq) AS hi FROM audit.audit_records');
    assert.deepEqual(rows[0], { n: String(RECORDS), lo: '1', hi: String(RECORDS) });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table, even for a superuser', async () => {
    await assert.rejects(kit.db.query("UPDATE audit.audit_records SET action = 'x' WHERE seq = 5"), /append-only/);
    await assert.rejects(kit.db.query('DELETE FROM audit.audit_records WHERE seq = 5'), /append-only/);
    await assert.rejects(kit.db.query('TRUNCATE audit.audit_records'), /append-only/);
    // No role, the owner included, holds UPDATE (w), DELETE (d) or TRUNCATE (D) in the table's ACL.
    const { rows } = await kit.db.query("SELECT relacl::text AS acl FROM pg_class WHERE oid = 'audit.audit_records'::regclass");
    const grants = String(rows[0].acl).replace(/[{}]/g, '').split(',').map((entry) => entry.split('=')[1].split('/')[0]);
    assert.ok(grants.length > 0);
    for (const privileges of grants) assert.doesNotMatch(privileges, /[wdD]/, String(rows[0].acl));
  });

  it('names the edited record when one record is changed', async () => {
    let verdict = await tampered([`UPDATE audit.audit_records SET details = '{"index":4321}' WHERE seq = 4321`]);
    assert.deepEqual([verdict.valid, verdict.firstInvalidSeq], [false, 4321]);
    verdict = await tampered([`UPDATE audit.audit_records SET outcome = 'failure' WHERE seq = 1`]);
    assert.deepEqual([verdict.valid, verdict.firstInvalidSeq], [false, 1]);
    verdict = await tampered([`UPDATE audit.audit_records SET occurred_at = occurred_at + interval '1 second' WHERE seq = ${RECORDS}`]);
    assert.deepEqual([verdict.valid, verdict.firstInvalidSeq], [false, RECORDS]);
  });

  it('names the missing sequence when one record is deleted', async () => {
    const verdict = await tampered(['DELETE FROM audit.audit_records WHERE seq = 5000']);
    assert.deepEqual([verdict.valid, verdict.firstInvalidSeq], [false, 5000]);
  });

  it('names the first record out of place when one record is inserted', async () => {
    // Naive: a record appended after the head with a made-up hash.
    let verdict = await tampered([
      `INSERT INTO audit.audit_records SELECT ${RECORDS + 1}, 'forged-id', occurred_at, recorded_at, service, request_id, action, outcome,
         principal_type, principal_id, resource_type, resource_id, details, hash, repeat('a', 64) FROM audit.audit_records WHERE seq = ${RECORDS}`,
    ]);
    assert.deepEqual([verdict.valid, verdict.firstInvalidSeq], [false, RECORDS + 1]);
    // Careful: a correctly hashed record slipped in at 7000, everything after it moved up by one.
    const previous = await recordAt(6999);
    const template = await recordAt(7000);
    const inserted = { ...template, seq: 7000, eventId: 'slipped-in', prevHash: previous.hash };
    const hash = chainHash(previous.hash, contentOf(inserted));
    verdict = await tampered([
      'UPDATE audit.audit_records SET seq = seq + 1000000 WHERE seq >= 7000',
      'UPDATE audit.audit_records SET seq = seq - 999999 WHERE seq >= 1000000',
      `INSERT INTO audit.audit_records SELECT 7000, 'slipped-in', occurred_at, recorded_at, service, request_id, action, outcome,
         principal_type, principal_id, resource_type, resource_id, details, '${previous.hash}', '${hash}' FROM audit.pristine WHERE seq = 7000`,
    ]);
    assert.deepEqual([verdict.valid, verdict.firstInvalidSeq], [false, 7001]);
  });

  it('names the first of two records that were swapped', async () => {
    const verdict = await tampered([
      'UPDATE audit.audit_records SET seq = 1000000 WHERE seq = 3000',
      'UPDATE audit.audit_records SET seq = 3000 WHERE seq = 3001',
      'UPDATE audit.audit_records SET seq = 3001 WHERE seq = 1000000',
    ]);
    assert.deepEqual([verdict.valid, verdict.firstInvalidSeq], [false, 3000]);
  });

  it('rejects forged chains: a recomputed middle link, a reused hash, a rewritten tail', async () => {
    const middle = await recordAt(6000);
    const previous = await recordAt(5999);
    const forged = forgedUpdate(middle, previous.hash, { index: 6000, note: 'nothing happened' });
    let verdict = await tampered([forged.sql]);
    assert.deepEqual([verdict.valid, verdict.firstInvalidSeq], [false, 6001], 'the recomputed link no longer matches its successor');

    const donor = await recordAt(2);
    verdict = await tampered([`UPDATE audit.audit_records SET prev_hash = '${donor.prevHash}', hash = '${donor.hash}' WHERE seq = 8000`]);
    assert.deepEqual([verdict.valid, verdict.firstInvalidSeq], [false, 8000]);

    // Rewriting every record from just before the checkpoint to the head gives a self-consistent
    // chain: the signed checkpoint, kept outside PostgreSQL, is what exposes it.
    const from = ((await kit.verify()).checkpoint.seq ?? 0) - 10;
    const statements: string[] = [];
    let prevHash = (await recordAt(from - 1)).hash;
    for (let seq = from; seq <= RECORDS; seq += 1) {
      const step = forgedUpdate(await recordAt(seq), prevHash, { index: seq, note: 'rewritten' });
      statements.push(step.sql);
      prevHash = step.hash;
    }
    verdict = await tampered(statements);
    assert.equal(verdict.firstInvalidSeq, null);
    assert.deepEqual([verdict.valid, verdict.checkpoint.valid], [false, false]);
  });

  it('detects truncation of the newest records through the signed checkpoint', async () => {
    const { checkpoint } = await kit.verify();
    const keep = (checkpoint.seq ?? 0) - 10;
    const verdict = await tampered([`DELETE FROM audit.audit_records WHERE seq > ${keep}`]);
    assert.equal(verdict.headSeq, keep);
    assert.deepEqual([verdict.valid, verdict.firstInvalidSeq, verdict.checkpoint.valid], [false, keep + 1, false]);
  });

  it('is valid again once restored, and pages the query API by cursor with filters', async () => {
    assert.equal((await kit.verify()).valid, true);
    const first = await kit.rpc.request<AuditRecordPage>(
      Subjects.audit.recordList,
      { action: 'credential.*', principalId: 'user-3', limit: '20' },
      context,
    );
    assert.equal(first.items.length, 20);
    assert.ok(first.items.every((item) => item.action === 'credential.resolved' && item.principal.id === 'user-3'));
    assert.ok(first.nextCursor);
    const second = await kit.rpc.request<AuditRecordPage>(
      Subjects.audit.recordList,
      { action: 'credential.*', principalId: 'user-3', limit: 20, cursor: first.nextCursor },
      context,
    );
    assert.ok(second.items[0].seq < first.items[19].seq, 'the next page continues with older records');
    const window = await kit.rpc.request<AuditRecordPage>(
      Subjects.audit.recordList,
      { from: '2026-01-01T00:00:10.000Z', to: '2026-01-01T00:00:20.000Z', limit: 100 },
      context,
    );
    assert.deepEqual(window.items.map((item) => item.details.index), [19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
    await assert.rejects(
      kit.rpc.request(Subjects.audit.recordList, { outcome: 'maybe' }, context),
      (error: Error & { name: string }) => error.name === 'VALIDATION_FAILED',
    );
  });

  it('exports NDJSON that the offline verifier accepts, and rejects when edited or cut short', async () => {
    const lines: string[] = [];
    let afterSeq = 0;
    for (;;) {
      const page = await kit.rpc.request<AuditExportPage>(Subjects.audit.recordExport, { afterSeq }, context);
      lines.push(...page.records.map((record) => JSON.stringify(record)));
      if (page.done) break;
      afterSeq = page.records[page.records.length - 1].seq;
    }
    assert.equal(lines.length, RECORDS);
    const reader = await connectAs(infra, 'audit-log');
    const bucket = await new Kvm(reader).open(KvBuckets.auditCheckpoints.name);
    const checkpoint = (await bucket.get('head'))!.json<AuditCheckpoint>();
    await reader.close();

    const file = path.join(infra.dir, 'export.ndjson');
    const checkpointFile = path.join(infra.dir, 'checkpoint.json');
    writeFileSync(checkpointFile, JSON.stringify(checkpoint));
    const run = async (content: string[], withCheckpoint = false) => {
      writeFileSync(file, `${content.join('\n')}\n`);
      const args = [verifierBin, file, ...(withCheckpoint ? ['--checkpoint', checkpointFile] : [])];
      const result = await promisify(execFile)(process.execPath, args, { env: { PATH: process.env.PATH, AUDIT_SIGNING_KEY: kit.signingKey } }).then(
        (out) => ({ code: 0, stdout: out.stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
      return { code: result.code, verdict: JSON.parse(result.stdout) };
    };

    const intact = await run(lines, true);
    assert.equal(intact.code, 0);
    assert.deepEqual([intact.verdict.valid, intact.verdict.entries, intact.verdict.checkpoint.valid], [true, RECORDS, true]);

    const edited = [...lines];
    const record = JSON.parse(edited[1233]);
    record.details.note = 'edited';
    edited[1233] = JSON.stringify(record);
    const tamperedRun = await run(edited);
    assert.deepEqual([tamperedRun.code, tamperedRun.verdict.firstInvalidSeq], [1, 1234]);

    const cut = await run(lines.slice(0, (checkpoint.seq) - 1), true);
    assert.deepEqual([cut.code, cut.verdict.valid, cut.verdict.checkpoint.valid], [1, false, false]);
  });
});
