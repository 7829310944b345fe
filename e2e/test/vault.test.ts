import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Subjects, inboxPrefixOf, type AppName, type ResolveCredentialReply } from '@prst/contracts';
import { spawnService, startTestSuite, type ServiceProcess, type TestSuite } from '@prst/local-infra';
import { adminSession, call, filesUnder, findLeaks, readAuditEvents, readIfPresent, type HttpAnswer } from '../src/index.js';
import { startOpenAiFake } from './fakes/ai-providers.js';
import type { FakeServer } from './fakes/json-server.js';

const plaintext = () => `sk-e2e-${randomBytes(20).toString('hex')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('credential vault: HTTP API, resolve, rotation, and no plaintext anywhere', () => {
  let env: TestSuite;
  let executor: NatsConnection;
  let db: pg.Client;
  const connections: NatsConnection[] = [];
  const extraVaults: ServiceProcess[] = [];
  const responses: string[] = [];
  /** Every plaintext value this test stores; none may leak anywhere. */
  const secrets: string[] = [];
  let oldSecret: string;
  const newSecret = randomBytes(32).toString('base64');
  /** The only key the fake OpenAI accepts. */
  const providerKey = plaintext();
  let openai: FakeServer;

  async function http<T = any>(method: string, route: string, json?: unknown): Promise<HttpAnswer<T>> {
    // Signed in as the root administrator (credentials.* and encryption.admin).
    const token = await adminSession(env);
    const answer = await call<T>(env.gatewayUrl, method, route, json === undefined ? { token } : { json, token });
    responses.push(`${answer.status} ${JSON.stringify(answer.headers)} ${typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)}`);
    return answer;
  }

  async function connectAs(app: AppName): Promise<NatsConnection> {
    const connection = await connect({ servers: env.nats.url, user: app, pass: env.nats.passwords[app], inboxPrefix: inboxPrefixOf(app) });
    connections.push(connection);
    return connection;
  }

  async function resolve(id: string): Promise<ResolveCredentialReply> {
    const message = await executor.request(
      Subjects.vault.credentialResolve,
      JSON.stringify({ pattern: Subjects.vault.credentialResolve, data: { credentialId: id }, id: 'e2e' }),
      { timeout: 5000 },
    );
    const reply = message.json<{ response?: ResolveCredentialReply; err?: { name: string } }>();
    if (reply.err) throw new Error(reply.err.name);
    return reply.response!;
  }

  before(async () => {
    openai = await startOpenAiFake(providerKey);
    secrets.push(providerKey);
    env = await startTestSuite('vault', { env: { 'prompt-executor': { PROVIDER_ALLOWED_HOSTS: `127.0.0.1:${openai.port}` } } });
    oldSecret = env.suite.envOf('credential-vault').ENCRYPTION_SECRET;
    executor = await connectAs('prompt-executor');
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await Promise.all(extraVaults.map((vault) => vault.stop()));
    await Promise.all(connections.map((connection) => connection.close().catch(() => undefined)));
    await db?.end().catch(() => undefined);
    await env?.stop();
    await openai?.close();
  });

  let credentialId: string;
  let apiKey: string;

  it('creates, lists, gets, replaces and deletes credentials, always masked', async () => {
    apiKey = plaintext();
    const org = `org-${randomBytes(8).toString('hex')}`;
    secrets.push(apiKey, org);
    const created = await http('POST', '/api/v1/credentials', { name: 'OpenAI', description: 'prod', values: { apiKey, organization: org } });
    assert.equal(created.status, 201);
    assert.deepEqual(Object.keys(created.body).sort(), ['createdAt', 'description', 'id', 'keyVersion', 'name', 'slots', 'updatedAt']);
    assert.deepEqual(created.body.slots, { apiKey: `••••${apiKey.slice(-4)}`, organization: `••••${org.slice(-4)}` });
    assert.equal(created.body.keyVersion, 1);
    credentialId = created.body.id;

    const list = await http('GET', '/api/v1/credentials?limit=10');
    assert.equal(list.status, 200);
    assert.equal(list.body.limit, 10);
    assert.deepEqual(list.body.items.find((item: { id: string }) => item.id === credentialId).slots, created.body.slots);

    const replacement = plaintext();
    secrets.push(replacement);
    const updated = await http('PUT', `/api/v1/credentials/${credentialId}`, { values: { apiKey: replacement } });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body.slots, { apiKey: `••••${replacement.slice(-4)}` });
    apiKey = replacement;
    const got = await http('GET', `/api/v1/credentials/${credentialId}`);
    assert.deepEqual(got.body.slots, updated.body.slots);

    const token = plaintext();
    secrets.push(token);
    const doomed = await http('POST', '/api/v1/credentials', { name: 'temporary', values: { token } });
    assert.equal((await http('DELETE', `/api/v1/credentials/${doomed.body.id}`)).status, 204);
    const gone = await http('GET', `/api/v1/credentials/${doomed.body.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.name, 'CREDENTIAL_NOT_FOUND');
    assert.equal(gone.body.code, 'PRST-VLT-ERR-00001');
  });

  it('answers invalid requests with a 400 envelope that does not repeat the values', async () => {
    const value = plaintext();
    secrets.push(value);
    const answer = await http('POST', '/api/v1/credentials', { name: 'bad', values: { 'not a slot': value } });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.name, 'VALIDATION_FAILED');
    const missing = await http('PUT', '/api/v1/credentials/00000000-0000-4000-8000-000000000000', { values: { apiKey: value } });
    assert.equal(missing.status, 404);
  });

  it('resolves plaintext only for the prompt-executor', async () => {
    const reply = await resolve(credentialId);
    assert.deepEqual(Object.keys(reply.values).sort(), ['apiKey']);
    assert.equal(reply.values.apiKey, apiKey);
    await assert.rejects(resolve('00000000-0000-4000-8000-000000000000'), /CREDENTIAL_NOT_FOUND/);
  });

  it('gives the prompt-executor the current value: a change reaches it at once, not after its cache expires', async () => {
    const credential = await http('POST', '/api/v1/credentials', { name: 'openai for runs', values: { apiKey: providerKey } });
    assert.equal(credential.status, 201);
    const connector = await http('POST', '/api/v1/connectors', {
      name: 'openai-vault', preset: 'openai-chat', baseUrl: `${openai.url}/v1`, model: 'gpt-4o-mini', credentialId: credential.body.id,
    });
    assert.equal(connector.status, 201, JSON.stringify(connector.body));
    const prompt = await http('POST', '/api/v1/prompts', { name: `vault-${randomBytes(4).toString('hex')}` });
    const version = await http('POST', `/api/v1/prompts/${prompt.body.id}/versions`, { body: 'Say hi', parameters: [], connector: { id: connector.body.id, version: '1' } });
    assert.equal(version.status, 201, JSON.stringify(version.body));
    const run = () => http('POST', '/api/v1/executions', { prompt: { id: prompt.body.id, version: '1' }, parameters: {} });
    const lastKey = () => String(openai.requests.at(-1)?.headers.authorization ?? '').replace(/^Bearer /, '');

    const first = await run();
    assert.equal(first.body.status, 'COMPLETED', JSON.stringify(first.body));
    assert.equal(lastKey(), providerKey);
    // A new value: the executor's next run must send it (its cache lives 60 s; the event drops it now).
    const revoked = plaintext();
    secrets.push(revoked);
    assert.equal((await http('PUT', `/api/v1/credentials/${credential.body.id}`, { values: { apiKey: revoked } })).status, 200);
    await sleep(200);
    const second = await run();
    assert.notEqual(second.body.status, 'COMPLETED');
    assert.equal(lastKey(), revoked);
    assert.equal((await http('PUT', `/api/v1/credentials/${credential.body.id}`, { values: { apiKey: providerKey } })).status, 200);
    await sleep(200);
    assert.equal((await run()).body.status, 'COMPLETED');
    assert.equal(lastKey(), providerKey);
  });

  it('rotates online to a new ENCRYPTION_SECRET and then says the previous one can be removed', async () => {
    const status0 = await http('GET', '/api/v1/admin/encryption/status');
    assert.equal(status0.status, 200);
    assert.equal(status0.body.currentKeyVersion, 1);

    const vaultEnv = env.suite.envOf('credential-vault');
    await env.suite.services.get('credential-vault')!.stop();
    // A wrong secret alone is refused at start with a clear message.
    const wrong = spawnService('credential-vault', { ...vaultEnv, ENCRYPTION_SECRET: newSecret });
    extraVaults.push(wrong);
    assert.notEqual(await wrong.exited, 0);
    assert.match(wrong.output.join('\n'), /ENCRYPTION_SECRET does not match the key that encrypted \d+ stored credentials?; set ENCRYPTION_SECRET_PREVIOUS to rotate/);

    const vault = spawnService('credential-vault', { ...vaultEnv, ENCRYPTION_SECRET: newSecret, ENCRYPTION_SECRET_PREVIOUS: oldSecret });
    extraVaults.push(vault);
    let status = status0;
    for (const deadline = Date.now() + 30000; Date.now() < deadline; await sleep(200)) {
      status = await http('GET', '/api/v1/admin/encryption/status');
      if (status.status === 200 && status.body.currentKeyVersion === 2) break;
    }
    assert.equal(status.body.currentKeyVersion, 2);
    assert.equal(status.body.previousSecretRequired, true);

    const started = await http('POST', '/api/v1/admin/encryption/rotate');
    assert.equal(started.status, 202);
    for (const deadline = Date.now() + 30000; Date.now() < deadline; await sleep(200)) {
      status = await http('GET', '/api/v1/admin/encryption/status');
      if (status.body.rotation.state === 'completed') break;
    }
    assert.equal(status.body.rotation.state, 'completed');
    assert.equal(status.body.recordsByKeyVersion['1'], undefined);
    assert.ok(status.body.recordsByKeyVersion['2'] >= 2);
    assert.equal(status.body.previousSecretRequired, false);
    assert.equal(status.body.previousSecretCanBeRemoved, true);
    assert.match(status.body.message, /ENCRYPTION_SECRET_PREVIOUS can be removed/);
    assert.equal((await resolve(credentialId)).values.apiKey, apiKey);
    assert.equal((await http('GET', `/api/v1/credentials/${credentialId}`)).body.keyVersion, 2);
  });

  it('finds no stored value or encryption secret in raw database bytes, logs, audit events or HTTP responses', async (t) => {
    const needles = [...secrets, oldSecret, newSecret];
    // Raw database bytes: the database's files and the write-ahead log, after a checkpoint.
    await db.query('CHECKPOINT');
    const dataDirectory = (await db.query('SHOW data_directory')).rows[0].data_directory as string;
    const oid = (await db.query('SELECT oid FROM pg_database WHERE datname = current_database()')).rows[0].oid as number;
    const databaseFiles = [...filesUnder(path.join(dataDirectory, 'base', String(oid))), ...filesUnder(path.join(dataDirectory, 'pg_wal'))];
    assert.ok(databaseFiles.length > 10);
    const leaks: string[] = [];
    for (const file of databaseFiles) leaks.push(...findLeaks(readIfPresent(file), needles).map((leak) => `${file}: ${leak}`));
    // The vault rows really are in those files (the scan looks at the right place).
    const row = (await db.query('SELECT dk_wrapped FROM vault.credentials WHERE id = $1', [credentialId])).rows[0].dk_wrapped as Buffer;
    assert.ok(databaseFiles.some((file) => readIfPresent(file).includes(row)), 'the stored wrapped key was not found in the data files');

    // JetStream's files (audit events at rest) and the audit events themselves.
    for (const file of filesUnder(path.join(env.dir, 'nats', 'jetstream'))) {
      leaks.push(...findLeaks(readIfPresent(file), needles).map((leak) => `${file}: ${leak}`));
    }
    const events = (await readAuditEvents(env)).map((event) => JSON.stringify(event));
    const auditText = events.join('\n');
    assert.match(auditText, /credential\.resolved/);
    assert.match(auditText, /encryption\.rotation\.completed/);
    leaks.push(...findLeaks(auditText, needles).map((leak) => `audit event: ${leak}`));

    const logs = [...env.logs(), ...extraVaults.flatMap((vault) => vault.output)].join('\n');
    leaks.push(...findLeaks(logs, needles).map((leak) => `log: ${leak}`));
    leaks.push(...findLeaks(responses.join('\n'), needles).map((leak) => `HTTP response: ${leak}`));
    t.diagnostic(`scanned ${databaseFiles.length} database files, ${events.length} audit events, ${logs.split('\n').length} log lines, ${responses.length} HTTP responses for ${needles.length} secrets`);
    assert.deepEqual(leaks, []);
  });
});
