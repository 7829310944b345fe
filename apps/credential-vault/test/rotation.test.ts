import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { PrstError, Subjects, type AuditEvent, type EncryptionStatus, type ResolveCredentialReply } from '@prst/contracts';
import { DecryptionError, Keyring, deriveKek, openCredential, sealCredential, type SealedCredential } from '@prst/crypto';
import type { RpcClient } from '@prst/messaging';
import type { ServiceProcess } from '@prst/local-infra';
import { CREDENTIAL_SLOT_COLUMNS, groupCredentialRows, type CredentialSlotRow } from '../src/credentials/stored-credential.js';
import { VaultHarness, context, newSecret } from './vault-harness.js';

const RECORDS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const valueOf = (id: string) => `sk-seed-${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;

/** Writes `count` credentials sealed under `keyring` straight into the vault's tables, in batches. */
async function seed(harness: VaultHarness, keyring: Keyring, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 2000) {
    const batch = Array.from({ length: Math.min(2000, count - start) }, () => randomUUID());
    const sealed = batch.map((id) => sealCredential(keyring, id, { apiKey: valueOf(id) }));
    await harness.db.query(
      `INSERT INTO vault.credentials (id, name, key_version, dk_nonce, dk_wrapped, dk_tag)
       SELECT u.id, 'seeded ' || u.id, $2, u.n, u.w, u.t FROM unnest($1::uuid[], $3::bytea[], $4::bytea[], $5::bytea[]) AS u(id, n, w, t)`,
      [batch, keyring.currentVersion, sealed.map((s) => s.dataKey.nonce), sealed.map((s) => s.dataKey.ciphertext), sealed.map((s) => s.dataKey.tag)],
    );
    await harness.db.query(
      `INSERT INTO vault.credential_slots (credential_id, slot, nonce, ciphertext, tag)
       SELECT u.id, 'apiKey', u.n, u.c, u.t FROM unnest($1::uuid[], $2::bytea[], $3::bytea[], $4::bytea[]) AS u(id, n, c, t)`,
      [batch, sealed.map((s) => s.slots.apiKey.nonce), sealed.map((s) => s.slots.apiKey.ciphertext), sealed.map((s) => s.slots.apiKey.tag)],
    );
    ids.push(...batch);
  }
  return ids;
}

async function storedRows(harness: VaultHarness, ids: string[]): Promise<Map<string, SealedCredential>> {
  const result = await harness.db.query<CredentialSlotRow>(
    `SELECT ${CREDENTIAL_SLOT_COLUMNS} FROM vault.credentials c JOIN vault.credential_slots s ON s.credential_id = c.id WHERE c.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(groupCredentialRows(result.rows).map((row) => [row.id, row.sealed]));
}

describe('online key rotation of 10,000 credentials', () => {
  let harness: VaultHarness;
  let gateway: RpcClient;
  const oldSecret = newSecret();
  const secret = newSecret();
  let salt: Buffer;
  let ids: string[];
  let before1: Map<string, SealedCredential>;

  before(async () => {
    harness = await VaultHarness.start('vault-rotation');
    gateway = await harness.client('gateway');
    const first = await harness.startVault({ ENCRYPTION_SECRET: oldSecret });
    await first.stop();
    salt = (await harness.db.query('SELECT kdf_salt FROM vault.installation')).rows[0].kdf_salt;
    const v1 = new Keyring(1, [[1, (await deriveKek(oldSecret, salt)).key]]);
    ids = await seed(harness, v1, RECORDS);
    before1 = await storedRows(harness, ids.slice(0, 1000));
  });
  after(async () => {
    await harness?.stop();
  });

  it('keeps every read working while rotating, survives a kill half-way and resumes to completion', async (t) => {
    const env = { ENCRYPTION_SECRET: secret, ENCRYPTION_SECRET_PREVIOUS: oldSecret, VAULT_ROTATION_BATCH_SIZE: '100', VAULT_ROTATION_PAUSE_MS: '20' };
    // Two replicas, as a real installation runs them: one is killed, the other keeps answering.
    const vaults: ServiceProcess[] = [await harness.startVault(env), await harness.startVault(env)];
    const initial = await gateway.request<EncryptionStatus>(Subjects.vault.encryptionStatus, {}, context());
    assert.equal(initial.currentKeyVersion, 2);
    assert.deepEqual(initial.recordsByKeyVersion, { '1': RECORDS });
    assert.equal(initial.previousSecretRequired, true);

    // The concurrent reader: resolves random credentials as the prompt-executor until told to stop.
    const executor = await harness.client('prompt-executor', 5_000);
    const reads = { ok: 0, failed: 0, retried: 0, failures: [] as string[] };
    let reading = true;
    const readOnce = async (id: string) => {
      const reply = await executor.request<ResolveCredentialReply>(Subjects.vault.credentialResolve, { credentialId: id }, context());
      if (reply.values.apiKey !== valueOf(id)) throw new Error('wrong value');
    };
    // Four concurrent readers, so that one request lost with the killed vault stalls only one of them.
    const readLoop = async () => {
      while (reading) {
        const id = ids[Math.floor(Math.random() * ids.length)];
        try {
          await readOnce(id);
          reads.ok++;
        } catch (error) {
          // A request in flight to the replica at the instant it is SIGKILLed gets no answer; resolve
          // is idempotent, so the client retries once (and lands on the surviving replica).
          const transport = error instanceof PrstError && ['SERVICE_TIMEOUT', 'SERVICE_UNAVAILABLE'].includes(error.name);
          try {
            if (!transport) throw error;
            reads.retried++;
            await readOnce(id);
            reads.ok++;
          } catch (again) {
            reads.failed++;
            reads.failures.push(again instanceof PrstError ? `${again.name}: ${again.description}` : String(again));
          }
        }
      }
    };
    const reader = Promise.all([readLoop(), readLoop(), readLoop(), readLoop()]);

    // Status answers may be slow on a loaded machine: a poll that times out is simply repeated.
    const statusNow = async (): Promise<EncryptionStatus | undefined> =>
      gateway.request<EncryptionStatus>(Subjects.vault.encryptionStatus, {}, context()).catch(() => undefined);
    let status: EncryptionStatus | undefined;
    let readsAtKill = 0;
    try {
      const started = await gateway.request<EncryptionStatus>(Subjects.vault.encryptionRotate, {}, context(), 30_000);
      assert.equal(started.rotation.state, 'running');
      const worker = started.rotation.worker!;
      const victim = vaults.find((vault) => worker.endsWith(`:${vault.pid}`));
      assert.ok(victim, `the rotation runs in ${worker}, not one of the started vaults`);

      for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(50)) {
        status = (await statusNow()) ?? status;
        if (status && (status.rotation.rotated >= RECORDS * 0.3 || status.rotation.state === 'completed')) break;
      }
      await victim.kill();
      let afterKill: EncryptionStatus | undefined;
      for (const deadline = Date.now() + 60_000; !afterKill && Date.now() < deadline; ) afterKill = await statusNow();
      assert.ok(afterKill, 'no status after the kill');
      t.diagnostic(`killed the rotating vault with ${afterKill.recordsByKeyVersion['2'] ?? 0} of ${RECORDS} records re-wrapped`);
      assert.equal(afterKill.rotation.state, 'running');
      assert.ok(afterKill.rotation.remaining > 0 && afterKill.rotation.remaining < RECORDS, `remaining ${afterKill.rotation.remaining}`);
      readsAtKill = reads.ok;

      // The killed vault comes back (as Kubernetes would restart it) and resumes where it stopped.
      vaults.push(await harness.startVault(env));
      for (const deadline = Date.now() + 180_000; Date.now() < deadline; await sleep(200)) {
        status = (await statusNow()) ?? status;
        if (status?.rotation.state === 'completed') break;
      }
      // Requests that were in flight to the killed replica wait out their timeout before the retry;
      // give the readers time to show that reads go on after the kill (the rotation may finish first).
      for (const deadline = Date.now() + 30_000; reads.ok - readsAtKill <= 20 && Date.now() < deadline; ) await sleep(100);
    } finally {
      reading = false;
      await reader;
    }
    assert.ok(status);
    t.diagnostic(`reads: ${reads.ok} succeeded (${reads.ok - readsAtKill} after the kill), ${reads.retried} retried once after the kill, ${reads.failed} failed`);
    assert.equal(status.rotation.state, 'completed');
    assert.deepEqual(status.recordsByKeyVersion, { '2': RECORDS });
    assert.equal(status.previousSecretCanBeRemoved, true);
    assert.match(status.message, /ENCRYPTION_SECRET_PREVIOUS can be removed/);
    assert.deepEqual(reads.failures, []);
    assert.equal(reads.failed, 0);
    assert.ok(reads.ok - readsAtKill > 20, `only ${reads.ok - readsAtKill} reads after the kill`);

    const events = await harness.auditEvents();
    assert.equal(events.filter((event: AuditEvent) => event.action === 'encryption.rotation.started').length, 1);
    assert.equal(events.filter((event: AuditEvent) => event.action === 'encryption.rotation.completed').length, 1);
  });

  it('left every record intact and readable with the new key alone', async () => {
    const v2only = new Keyring(2, [[2, (await deriveKek(secret, salt)).key]]);
    const rows = await storedRows(harness, ids);
    assert.equal(rows.size, RECORDS);
    let intact = 0;
    for (const [id, sealed] of rows) if (openCredential(v2only, id, sealed).apiKey === valueOf(id)) intact++;
    assert.equal(intact, RECORDS);
  });

  it('rejects ciphertexts swapped between key versions: 100%', async () => {
    const keyring = new Keyring(2, [
      [1, (await deriveKek(oldSecret, salt)).key],
      [2, (await deriveKek(secret, salt)).key],
    ]);
    const after2 = await storedRows(harness, [...before1.keys()]);
    let tried = 0;
    let rejected = 0;
    for (const [id, old] of before1) {
      const current = after2.get(id)!;
      for (const mixed of [
        { ...current, dataKey: old.dataKey },
        { ...current, slots: old.slots },
        { ...old, keyVersion: 2 },
        { ...current, keyVersion: 1 },
      ]) {
        tried++;
        try {
          openCredential(keyring, id, mixed);
        } catch (error) {
          if (error instanceof DecryptionError) rejected++;
        }
      }
    }
    assert.equal(tried, 4000);
    assert.equal(rejected, tried);

    // Through the service: an old (version 1) wrapped key put back into a rotated row.
    const [id, old] = [...before1][0];
    await harness.db.query('UPDATE vault.credentials SET dk_nonce = $2, dk_wrapped = $3, dk_tag = $4 WHERE id = $1', [
      id,
      old.dataKey.nonce,
      old.dataKey.ciphertext,
      old.dataKey.tag,
    ]);
    const executor = await harness.client('prompt-executor');
    await assert.rejects(
      executor.request(Subjects.vault.credentialResolve, { credentialId: id }, context()),
      (error: unknown) => error instanceof PrstError && error.name === 'CREDENTIAL_UNREADABLE',
    );
  });

  it('never logged a value or a secret', () => {
    const logs = harness.vaults.flatMap((vault) => vault.output).join('\n');
    assert.ok(!logs.includes(secret) && !logs.includes(oldSecret));
    assert.ok(!logs.includes('sk-seed-'));
    assert.match(logs, /resuming the key rotation to key version 2/);
  });
});
