import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  PrstError,
  Streams,
  Subjects,
  type CredentialList,
  type CredentialView,
  type ResolveCredentialReply,
} from '@prst/contracts';
import { DecryptionError, Keyring, deriveKek, openCredential, type SealedCredential } from '@prst/crypto';
import { ensureStream, type RpcClient } from '@prst/messaging';
import type { ServiceProcess } from '@prst/local-infra';
import { groupCredentialRows, type CredentialSlotRow } from '../src/credentials/stored-credential.js';
import { CREDENTIAL_SLOT_COLUMNS } from '../src/credentials/stored-credential.js';
import { VaultHarness, context, newSecret } from './vault-harness.js';

const secretValue = () => `sk-test-${randomBytes(18).toString('hex')}`;

async function rejectsWith(promise: Promise<unknown>, name: string): Promise<PrstError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PrstError, String(error));
    assert.equal(error.name, name, error.description);
    return error;
  }
  assert.fail(`expected ${name}`);
}

describe('credential-vault over NATS with PostgreSQL', () => {
  let harness: VaultHarness;
  let vault: ServiceProcess;
  let gateway: RpcClient;
  let executor: RpcClient;
  const secret = newSecret();

  before(async () => {
    harness = await VaultHarness.start('vault-credentials');
    vault = await harness.startVault({ ENCRYPTION_SECRET: secret });
    gateway = await harness.client('gateway');
    executor = await harness.client('prompt-executor');
  });
  after(async () => {
    await harness?.stop();
  });

  it('refuses to start with a missing, short or well-known secret, saying how to generate one', async () => {
    for (const [value, problem] of [
      ['', /ENCRYPTION_SECRET is required but not set/],
      ['Xk9#qLm2$vB7', /ENCRYPTION_SECRET must be at least 16 characters/],
      ['changeme-changeme', /ENCRYPTION_SECRET is a well-known/],
    ] as const) {
      const result = await harness.failingVault({ ENCRYPTION_SECRET: value });
      assert.notEqual(result.code, 0);
      assert.match(result.output, problem);
      assert.match(result.output, /openssl rand -base64 32/);
      if (value) assert.ok(!result.output.includes(value));
    }
  });

  it('creates a credential and answers it masked; the database holds no plaintext', async () => {
    const apiKey = secretValue();
    const created = await gateway.request<CredentialView>(
      Subjects.vault.credentialCreate,
      { name: 'OpenAI prod', description: 'main key', values: { apiKey, organization: 'org-1234567890XYZW' } },
      context(),
    );
    assert.deepEqual(created.slots, { apiKey: `••••${apiKey.slice(-4)}`, organization: '••••XYZW' });
    assert.equal(created.keyVersion, 1);
    assert.equal(created.name, 'OpenAI prod');
    const dump = await harness.db.query(
      `SELECT string_agg(t::text, '') AS text FROM (SELECT c.*, s.* FROM vault.credentials c JOIN vault.credential_slots s ON s.credential_id = c.id) t`,
    );
    const text: string = dump.rows[0].text;
    for (const form of [apiKey, Buffer.from(apiKey).toString('hex'), Buffer.from(apiKey).toString('base64')]) {
      assert.ok(!text.includes(form));
    }
  });

  it('lists, gets, replaces and deletes credentials, announcing changes to the prompt-executor', async () => {
    const subscriber = await harness.connection('prompt-executor');
    const announced: { id: string; change: string }[] = [];
    const subscription = subscriber.subscribe(Subjects.vault.credentialChanged, {
      callback: (_error, message) => {
        announced.push(message.json<{ id: string; change: string }>());
      },
    });
    await subscriber.flush();

    const created = await gateway.request<CredentialView>(Subjects.vault.credentialCreate, { name: 'Anthropic', values: { apiKey: secretValue() } }, context());
    const list = await gateway.request<CredentialList>(Subjects.vault.credentialList, {}, context());
    assert.ok(list.items.some((item) => item.id === created.id));
    assert.ok(list.total >= 1);
    const replacement = secretValue();
    const updated = await gateway.request<CredentialView>(
      Subjects.vault.credentialUpdate,
      { id: created.id, values: { apiKey: replacement, region: 'eu-west-1-abcd' } },
      context(),
    );
    assert.deepEqual(updated.slots, { apiKey: `••••${replacement.slice(-4)}`, region: '••••abcd' });
    assert.equal(updated.name, 'Anthropic');
    const got = await gateway.request<CredentialView>(Subjects.vault.credentialGet, { id: created.id }, context());
    assert.deepEqual(got.slots, updated.slots);
    const resolved = await executor.request<ResolveCredentialReply>(Subjects.vault.credentialResolve, { credentialId: created.id }, context());
    assert.deepEqual(resolved.values, { apiKey: replacement, region: 'eu-west-1-abcd' });

    await gateway.request(Subjects.vault.credentialDelete, { id: created.id }, context());
    await rejectsWith(gateway.request(Subjects.vault.credentialGet, { id: created.id }, context()), 'CREDENTIAL_NOT_FOUND');
    await rejectsWith(executor.request(Subjects.vault.credentialResolve, { credentialId: created.id }, context()), 'CREDENTIAL_NOT_FOUND');
    await subscriber.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    subscription.unsubscribe();
    assert.deepEqual(announced, [
      { id: created.id, change: 'updated' },
      { id: created.id, change: 'deleted' },
    ]);
  });

  it('validates requests without echoing the values', async () => {
    const value = secretValue();
    const error = await rejectsWith(
      gateway.request(Subjects.vault.credentialCreate, { name: 'x', values: { '1bad': value } }, context()),
      'VALIDATION_FAILED',
    );
    assert.ok(!JSON.stringify(error.toEnvelope()).includes(value));
  });

  it('resolves plaintext for the prompt-executor and audits who asked, never the value', async () => {
    const apiKey = secretValue();
    const created = await gateway.request<CredentialView>(Subjects.vault.credentialCreate, { name: 'resolve me', values: { apiKey } }, context());
    const requestId = `resolve-${randomUUID()}`;
    const reply = await executor.request<ResolveCredentialReply>(Subjects.vault.credentialResolve, { credentialId: created.id }, context(requestId));
    assert.deepEqual(reply.values, { apiKey });
    assert.equal(reply.id, created.id);
    assert.equal(reply.updatedAt, created.updatedAt);
    const events = await harness.auditEvents();
    const event = events.find((candidate) => candidate.requestId === requestId);
    assert.ok(event, JSON.stringify(events.slice(-3)));
    assert.equal(event.action, 'credential.resolved');
    assert.equal(event.outcome, 'success');
    assert.deepEqual(event.resource, { type: 'credential', id: created.id });
    assert.deepEqual(event.principal, { type: 'user', id: 'user-1' });
    assert.equal(event.service, 'credential-vault');
    const all = JSON.stringify(events);
    assert.ok(!all.includes(apiKey) && !all.includes(Buffer.from(apiKey).toString('base64')));
  });

  it("refuses the gateway's NATS user on the resolve subject", async () => {
    const created = await gateway.request<CredentialView>(Subjects.vault.credentialCreate, { name: 'not for the gateway', values: { apiKey: secretValue() } }, context());
    const requestId = `gateway-${randomUUID()}`;
    await assert.rejects(gateway.request(Subjects.vault.credentialResolve, { credentialId: created.id }, context(requestId), 1000));
    assert.ok(!(await harness.auditEvents()).some((event) => event.requestId === requestId));
  });

  it('fails closed (503, nothing written, nothing returned) while the audit trail cannot store events', async () => {
    const created = await gateway.request<CredentialView>(Subjects.vault.credentialCreate, { name: 'audited', values: { apiKey: secretValue() } }, context());
    const before = await harness.db.query('SELECT count(*)::int AS n FROM vault.credentials');
    const manager = await jetstreamManager(await harness.connection('audit-log'));
    await manager.streams.delete(Streams.audit.name);
    try {
      const error = await rejectsWith(
        gateway.request(Subjects.vault.credentialCreate, { name: 'unaudited', values: { apiKey: secretValue() } }, context()),
        'AUDIT_UNAVAILABLE',
      );
      assert.equal(error.serverCode, 503);
      await rejectsWith(gateway.request(Subjects.vault.credentialUpdate, { id: created.id, values: { apiKey: secretValue() } }, context()), 'AUDIT_UNAVAILABLE');
      await rejectsWith(gateway.request(Subjects.vault.credentialDelete, { id: created.id }, context()), 'AUDIT_UNAVAILABLE');
      await rejectsWith(executor.request(Subjects.vault.credentialResolve, { credentialId: created.id }, context()), 'AUDIT_UNAVAILABLE');
      const after = await harness.db.query('SELECT count(*)::int AS n FROM vault.credentials');
      assert.equal(after.rows[0].n, before.rows[0].n);
      const still = await harness.db.query('SELECT updated_at FROM vault.credentials WHERE id = $1', [created.id]);
      assert.equal(still.rows[0].updated_at.toISOString(), created.updatedAt);
    } finally {
      await ensureStream(await harness.connection('audit-log'), Streams.audit, 1);
    }
    await executor.request(Subjects.vault.credentialResolve, { credentialId: created.id }, context());
  });

  describe('at rest, with 1,000 records written by the vault', () => {
    let keyring: Keyring;
    let rows: { id: string; sealed: SealedCredential }[];

    before(async () => {
      const ids: string[] = [];
      for (let wave = 0; wave < 50; wave++) {
        const created = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            gateway.request<CredentialView>(Subjects.vault.credentialCreate, { name: `bulk ${wave}-${i}`, values: { apiKey: secretValue(), org: `org-${randomBytes(6).toString('hex')}` } }, context()),
          ),
        );
        ids.push(...created.map((credential) => credential.id));
      }
      const salt = (await harness.db.query('SELECT kdf_salt FROM vault.installation')).rows[0].kdf_salt as Buffer;
      keyring = new Keyring(1, [[1, (await deriveKek(secret, salt)).key]]);
      const result = await harness.db.query<CredentialSlotRow>(
        `SELECT ${CREDENTIAL_SLOT_COLUMNS} FROM vault.credentials c JOIN vault.credential_slots s ON s.credential_id = c.id WHERE c.id = ANY($1::uuid[])`,
        [ids],
      );
      rows = groupCredentialRows(result.rows);
      assert.equal(rows.length, 1000);
    });

    it('opens every stored record with the derived key (the rows are the real thing)', () => {
      for (const row of rows) assert.equal(Object.keys(openCredential(keyring, row.id, row.sealed)).length, 2);
    });

    it('rejects a single-byte flip at every position of nonce, ciphertext, wrapped key and tag: 100%', () => {
      let tried = 0;
      let rejected = 0;
      for (const row of rows) {
        const boxes = [row.sealed.dataKey, ...Object.values(row.sealed.slots)];
        for (const box of boxes) {
          for (const field of ['nonce', 'ciphertext', 'tag'] as const) {
            const bytes = box[field];
            for (let position = 0; position < bytes.length; position++) {
              bytes[position] ^= 0x80;
              tried++;
              try {
                openCredential(keyring, row.id, row.sealed);
              } catch (error) {
                if (error instanceof DecryptionError) rejected++;
              }
              bytes[position] ^= 0x80;
            }
          }
        }
      }
      // 1,000 records × (12 + 32 + 16 data key, 2 slots × (12 + 16 + ciphertext)) positions.
      assert.ok(tried > 150_000, `tried ${tried}`);
      assert.equal(rejected, tried);
    });

    it('rejects ciphertexts swapped between records and between slots: 100%', () => {
      let tried = 0;
      let rejected = 0;
      const attempt = (id: string, sealed: SealedCredential) => {
        tried++;
        try {
          openCredential(keyring, id, sealed);
        } catch (error) {
          if (error instanceof DecryptionError) rejected++;
        }
      };
      for (let i = 0; i + 1 < rows.length; i += 2) {
        const [a, b] = [rows[i], rows[i + 1]];
        attempt(a.id, { ...a.sealed, dataKey: b.sealed.dataKey });
        attempt(a.id, { ...a.sealed, slots: { ...a.sealed.slots, apiKey: b.sealed.slots.apiKey } });
        attempt(a.id, b.sealed);
        attempt(a.id, { ...a.sealed, slots: { apiKey: a.sealed.slots.org, org: a.sealed.slots.apiKey } });
      }
      assert.equal(tried, 2000);
      assert.equal(rejected, tried);
    });

    it('answers CREDENTIAL_UNREADABLE when stored ciphertexts are swapped in the database', async () => {
      const [a, b] = rows.slice(-2);
      await harness.db.query(
        `UPDATE vault.credential_slots s SET ciphertext = o.ciphertext, nonce = o.nonce, tag = o.tag
         FROM vault.credential_slots o WHERE s.slot = 'apiKey' AND o.slot = 'apiKey'
           AND ((s.credential_id = $1 AND o.credential_id = $2) OR (s.credential_id = $2 AND o.credential_id = $1))`,
        [a.id, b.id],
      );
      for (const id of [a.id, b.id]) {
        const error = await rejectsWith(executor.request(Subjects.vault.credentialResolve, { credentialId: id }, context()), 'CREDENTIAL_UNREADABLE');
        assert.equal(error.serverCode, 500);
      }
    });

    it('resolves quickly: median latency over NATS (reported)', async (t) => {
      const samples: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const row = rows[i % 900];
        const started = process.hrtime.bigint();
        await executor.request(Subjects.vault.credentialResolve, { credentialId: row.id }, context());
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      samples.sort((x, y) => x - y);
      const median = samples[Math.floor(samples.length / 2)];
      const p99 = samples[Math.floor(samples.length * 0.99)];
      t.diagnostic(`resolve over NATS (audit ack included): median ${median.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms over ${samples.length} calls`);
      console.log(`[vault] resolve median ${median.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (n=${samples.length})`);
    });
  });

  it('refuses to start with another secret while records exist, naming how many', async () => {
    const [{ n }] = (await harness.db.query('SELECT count(*)::int AS n FROM vault.credentials')).rows;
    const result = await harness.failingVault({ ENCRYPTION_SECRET: newSecret() });
    assert.notEqual(result.code, 0);
    assert.match(result.output, new RegExp(`ENCRYPTION_SECRET does not match the key that encrypted ${n} stored credentials; set ENCRYPTION_SECRET_PREVIOUS to rotate`));
  });

  it('never wrote a slot value or the secret to its log', () => {
    const logs = harness.vaults.flatMap((process) => process.output).join('\n');
    assert.ok(!logs.includes(secret));
    assert.ok(!/sk-test-[0-9a-f]{8}/.test(logs));
    assert.match(vault.output.join('\n'), /encryption keys loaded: current key version 1 \(hkdf-sha256\)/);
  });
});
