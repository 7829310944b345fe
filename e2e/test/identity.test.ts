import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, randomUUID, sign as rsaSign } from 'node:crypto';
import pg from 'pg';
import { spawnService, freePort, startTestSuite, type ServiceProcess, type TestSuite } from '@prst/local-infra';
import { call, createApiCredential, createUser, login, readAuditEvents, strongPassword, type SuiteAccess } from '../src/index.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Every secret the tests handle, to search for in the database, the logs and the audit trail. */
const secrets = new Set<string>();
const remember = <T extends string>(secret: T): T => (secrets.add(secret), secret);

describe('identity and access', () => {
  let env: TestSuite;
  /** The root administrator after the first-login password change. */
  let root: SuiteAccess;
  let rootToken: string;
  let rootId: string;

  before(async () => {
    env = await startTestSuite('identity', {
      env: { gateway: { TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ADDRESS: '8', LAST_USED_FLUSH_MS: '300' } },
    });
    remember(env.rootPassword);
  });
  after(async () => {
    await env?.stop();
  });

  const jwtSecret = () => env.suite.envOf('gateway').JWT_SECRET!;
  const as = (token: string) => ({ token });
  /** Each test signs in from its own client address, so per-address counters do not interfere. */
  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

  it('makes the root administrator change the initial password before anything else', async () => {
    const first = await call(env.gatewayUrl, 'POST', '/api/v1/auth/login', { json: { email: env.rootEmail, password: env.rootPassword } });
    assert.equal(first.status, 200);
    assert.equal(first.body.mustChangePassword, true);
    assert.ok(first.body.expiresIn <= 900);
    const initialToken = remember(first.body.accessToken as string);
    remember(first.body.refreshToken as string);

    const blocked = await call(env.gatewayUrl, 'GET', '/api/v1/users', as(initialToken));
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.name, 'PASSWORD_CHANGE_REQUIRED');
    const me = await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(initialToken));
    assert.equal(me.status, 200);
    assert.equal(me.body.mustChangePassword, true);
    rootId = me.body.id;
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/health')).status, 200);

    const weak = await call(env.gatewayUrl, 'POST', '/api/v1/auth/password', {
      ...as(initialToken),
      json: { currentPassword: env.rootPassword, newPassword: remember('password1234') },
    });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.name, 'WEAK_PASSWORD');
    assert.match(weak.body.description, /too easy to guess/);
    const withEmail = await call(env.gatewayUrl, 'POST', '/api/v1/auth/password', {
      ...as(initialToken),
      json: { currentPassword: env.rootPassword, newPassword: remember('admin-Quartz-Harbor-77') },
    });
    assert.equal(withEmail.status, 400);
    assert.match(withEmail.body.description, /before the @/);

    const newPassword = remember(strongPassword());
    const changed = await call(env.gatewayUrl, 'POST', '/api/v1/auth/password', {
      ...as(initialToken),
      json: { currentPassword: env.rootPassword, newPassword },
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.mustChangePassword, false);
    rootToken = remember(changed.body.accessToken as string);
    remember(changed.body.refreshToken as string);
    root = { gatewayUrl: env.gatewayUrl, rootEmail: env.rootEmail, rootPassword: newPassword };

    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/users', as(rootToken))).status, 200);
    // The change ended every older session and the old password.
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(initialToken))).status, 401);
    const refreshOld = await call(env.gatewayUrl, 'POST', '/api/v1/auth/refresh', { json: { refreshToken: first.body.refreshToken } });
    assert.equal(refreshOld.status, 401);
    const oldPassword = await call(env.gatewayUrl, 'POST', '/api/v1/auth/login', { json: { email: env.rootEmail, password: env.rootPassword } });
    assert.equal(oldPassword.status, 401);
    assert.equal(oldPassword.body.code, 'PRST-SSO-ERR-00003');
  });

  it('answers 401 to every forged or unacceptable access token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: 'prst-gateway', aud: 'prst-api', sub: rootId, iat: now, nbf: now, exp: now + 600, jti: randomUUID(), tv: 1, typ: 'access' };
    const hs256 = (payload: object, secret: string | Buffer = jwtSecret(), header: object = { alg: 'HS256', typ: 'JWT' }) => {
      const input = `${b64(header)}.${b64(payload)}`;
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    };
    // The control: the same construction with correct claims is accepted, so each refusal below is for its one defect.
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(hs256(claims)))).status, 200);

    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsInput = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}`;
    const valid = hs256(claims);
    const forged: Record<string, string> = {
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      'alg none with a signature': hs256(claims, jwtSecret(), { alg: 'none', typ: 'JWT' }),
      'wrong signature': hs256(claims, 'another-secret-that-is-long-enough-1234'),
      expired: hs256({ ...claims, iat: now - 1200, nbf: now - 1200, exp: now - 300 }),
      'future nbf': hs256({ ...claims, nbf: now + 600, exp: now + 900 }),
      'wrong audience': hs256({ ...claims, aud: 'someone-else' }),
      'wrong issuer': hs256({ ...claims, iss: 'someone-else' }),
      'tampered payload': `${valid.split('.')[0]}.${b64({ ...claims, sub: randomUUID() })}.${valid.split('.')[2]}`,
      'RS256 token': `${rsInput}.${rsaSign('sha256', Buffer.from(rsInput), privateKey).toString('base64url')}`,
      'HS256 signed with the RSA public key': hs256(claims, publicKey.export({ type: 'spki', format: 'pem' }) as string),
      'lifetime above 15 minutes': hs256({ ...claims, exp: now + 86400 }),
      'unknown user': hs256({ ...claims, sub: randomUUID() }),
      garbage: 'not-a-token',
    };
    for (const [name, token] of Object.entries(forged)) {
      const answer = await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(token));
      assert.equal(answer.status, 401, name);
      assert.equal(answer.body.serverCode, 401, name);
    }
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/auth/me')).status, 401, 'no token');
  });

  it('rotates refresh tokens and ends the whole session when an old one is reused', async () => {
    const user = await createUser(root, 'viewer');
    remember(user.password);
    const session = await login(env, user.email, user.password);
    const first = remember(session.refreshToken);
    const rotated = await call(env.gatewayUrl, 'POST', '/api/v1/auth/refresh', { json: { refreshToken: first } });
    assert.equal(rotated.status, 200);
    const second = remember(rotated.body.refreshToken as string);
    remember(rotated.body.accessToken as string);
    assert.notEqual(second, first);
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(rotated.body.accessToken))).status, 200);

    const reused = await call(env.gatewayUrl, 'POST', '/api/v1/auth/refresh', { json: { refreshToken: first } });
    assert.equal(reused.status, 401);
    assert.equal(reused.body.name, 'REFRESH_TOKEN_REUSED');
    // The legitimate holder's newer token died with the family.
    assert.equal((await call(env.gatewayUrl, 'POST', '/api/v1/auth/refresh', { json: { refreshToken: second } })).status, 401);

    const other = await login(env, user.email, user.password);
    remember(other.refreshToken);
    assert.equal((await call(env.gatewayUrl, 'POST', '/api/v1/auth/logout', { json: { refreshToken: other.refreshToken } })).status, 204);
    assert.equal((await call(env.gatewayUrl, 'POST', '/api/v1/auth/refresh', { json: { refreshToken: other.refreshToken } })).status, 401);
  });

  it('limits failed logins per account, whatever the address, with 429 and Retry-After', async () => {
    const user = await createUser(root, 'editor');
    remember(user.password);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await call(env.gatewayUrl, 'POST', '/api/v1/auth/login', {
        ...from(`10.1.0.${attempt}`),
        json: { email: user.email, password: remember(`Wrong-Password-${attempt}-xyz`) },
      });
      assert.equal(wrong.status, 401, `attempt ${attempt}`);
    }
    const locked = await call(env.gatewayUrl, 'POST', '/api/v1/auth/login', { ...from('10.1.0.99'), json: { email: user.email, password: user.password } });
    assert.equal(locked.status, 429);
    assert.equal(locked.body.name, 'TOO_MANY_ATTEMPTS');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    // The account's other sessions keep working: only new sign-ins wait.
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(user.token))).status, 200);
  });

  it('limits failed logins and bad API keys per client address', async () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const wrong = await call(env.gatewayUrl, 'POST', '/api/v1/auth/login', {
        ...from('10.2.0.1'),
        json: { email: `nobody-${attempt}@example.com`, password: 'Wrong-Password-xyz' },
      });
      assert.equal(wrong.status, 401);
    }
    const blocked = await call(env.gatewayUrl, 'POST', '/api/v1/auth/login', { ...from('10.2.0.1'), json: { email: env.rootEmail, password: root.rootPassword } });
    assert.equal(blocked.status, 429);
    assert.equal((await call(env.gatewayUrl, 'POST', '/api/v1/auth/login', { ...from('10.2.0.2'), json: { email: env.rootEmail, password: root.rootPassword } })).status, 200);

    for (let attempt = 1; attempt <= 8; attempt++) {
      const bad = await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', { ...from('10.3.0.1'), token: `prst_guessed${attempt}AAAAAAAAAAAAAAAAAAAAAAA` });
      assert.equal(bad.status, 401);
      assert.equal(bad.body.name, 'API_CREDENTIAL_INVALID');
    }
    const throttled = await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', { ...from('10.3.0.1'), token: 'prst_guessed9AAAAAAAAAAAAAAAAAAAAAAA' });
    assert.equal(throttled.status, 429);
    assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
  });

  describe('with a second gateway replica', () => {
    let replica: ServiceProcess;
    let replicaUrl: string;

    before(async () => {
      const port = await freePort();
      replicaUrl = `http://127.0.0.1:${port}`;
      replica = spawnService('gateway', { ...env.suite.envOf('gateway'), PORT: String(port) });
      const deadline = Date.now() + 90000;
      while (Date.now() < deadline) {
        const up = await fetch(`${replicaUrl}/healthz`).then((r) => r.ok, () => false);
        if (up) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`the second gateway did not start: ${replica.output.slice(-10).join('\n')}`);
    });
    after(async () => {
      await replica?.stop();
    });

    it('shares the failed-login counters, so two replicas do not allow twice the limit', async () => {
      const user = await createUser(root, 'viewer');
      remember(user.password);
      for (let attempt = 1; attempt <= 5; attempt++) {
        const url = attempt % 2 ? env.gatewayUrl : replicaUrl;
        const wrong = await call(url, 'POST', '/api/v1/auth/login', { ...from(`10.4.0.${attempt}`), json: { email: user.email, password: 'Wrong-Password-xyz' } });
        assert.equal(wrong.status, 401);
      }
      for (const url of [env.gatewayUrl, replicaUrl]) {
        const locked = await call(url, 'POST', '/api/v1/auth/login', { ...from('10.4.1.1'), json: { email: user.email, password: user.password } });
        assert.equal(locked.status, 429);
      }
    });

    it("stops a terminated user's tokens and API keys at once on every replica, and refuses login with PRST-SSO-ERR-00013", async () => {
      const user = await createUser(root, 'editor');
      remember(user.password);
      remember(user.token);
      const key = await createApiCredential(root, 'viewer', { token: user.token });
      remember(key.key);
      // Both replicas have the user and the key in their caches now.
      for (const url of [env.gatewayUrl, replicaUrl]) {
        assert.equal((await call(url, 'GET', '/api/v1/auth/me', as(user.token))).status, 200);
        assert.equal((await call(url, 'GET', '/api/v1/auth/me', as(key.key))).status, 200);
      }
      const terminated = await call(env.gatewayUrl, 'POST', `/api/v1/users/${user.id}/terminate`, as(rootToken));
      assert.equal(terminated.status, 200);
      assert.equal(terminated.body.status, 'terminated');
      for (const url of [env.gatewayUrl, replicaUrl]) {
        for (const token of [user.token, key.key]) {
          const answer = await call(url, 'GET', '/api/v1/auth/me', as(token));
          assert.equal(answer.status, 403, url);
          assert.equal(answer.body.code, 'PRST-SSO-ERR-00013');
          assert.equal(answer.body.name, 'ACCOUNT_TERMINATED');
        }
      }
      const refused = await call(env.gatewayUrl, 'POST', '/api/v1/auth/login', { ...from('10.5.0.1'), json: { email: user.email, password: user.password } });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'PRST-SSO-ERR-00013');

      assert.equal((await call(env.gatewayUrl, 'POST', `/api/v1/users/${user.id}/reactivate`, as(rootToken))).status, 200);
      const back = await login(env, user.email, user.password);
      assert.equal((await call(replicaUrl, 'GET', '/api/v1/auth/me', as(back.accessToken))).status, 200);
      // Tokens issued before the termination stay dead.
      assert.equal((await call(replicaUrl, 'GET', '/api/v1/auth/me', as(user.token))).status, 401);
    });
  });

  it('shows an API key once, lists it without the key, and refuses it once revoked or expired', async () => {
    const editor = await createUser(root, 'editor');
    remember(editor.password);
    const tooHigh = await call(env.gatewayUrl, 'POST', '/api/v1/api-credentials', { ...as(editor.token), json: { name: 'x', role: 'admin' } });
    assert.equal(tooHigh.status, 403);
    assert.equal(tooHigh.body.name, 'ROLE_NOT_ALLOWED');

    const key = await createApiCredential(root, 'editor', { token: editor.token, name: 'ci' });
    remember(key.key);
    assert.match(key.key, /^prst_[A-Za-z0-9_-]{32,}$/);
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(key.key))).body.role, 'editor');
    // Last-used stamps are written in batches (every 300 ms in this suite).
    let listed = await call(env.gatewayUrl, 'GET', '/api/v1/api-credentials', as(editor.token));
    for (let tries = 0; tries < 50 && !listed.body.find((item: { id: string }) => item.id === key.id)?.lastUsedAt; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      listed = await call(env.gatewayUrl, 'GET', '/api/v1/api-credentials', as(editor.token));
    }
    assert.equal(listed.status, 200);
    const entry = listed.body.find((item: { id: string }) => item.id === key.id);
    assert.ok(entry.lastUsedAt, 'last used is recorded');
    assert.ok(key.key.startsWith(entry.prefix));
    assert.ok(!JSON.stringify(listed.body).includes(key.key));

    const viewer = await createUser(root, 'viewer');
    const notTheirs = await call(env.gatewayUrl, 'DELETE', `/api/v1/api-credentials/${key.id}`, as(viewer.token));
    assert.equal(notTheirs.status, 404);
    assert.equal((await call(env.gatewayUrl, 'DELETE', `/api/v1/api-credentials/${key.id}`, as(editor.token))).status, 204);
    const revoked = await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(key.key));
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.name, 'API_CREDENTIAL_INVALID');

    const expiresAt = Date.now() + 4000;
    const shortLived = await createApiCredential(root, 'viewer', { expiresAt: new Date(expiresAt).toISOString() });
    remember(shortLived.key);
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(shortLived.key))).status, 200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 200));
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(shortLived.key))).status, 401);
  });

  it('limits a key created with a subset of permissions to those permissions', async () => {
    const key = await createApiCredential(root, 'editor', { permissions: ['feedback.write'] });
    remember(key.key);
    assert.deepEqual(key.permissions, ['feedback.write']);
    const refused = await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(key.key));
    assert.equal(refused.status, 403);
    assert.equal(refused.body.name, 'FORBIDDEN');
    const outsideRole = await call(env.gatewayUrl, 'POST', '/api/v1/api-credentials', { ...as(rootToken), json: { name: 'x', role: 'viewer', permissions: ['feedback.write'] } });
    assert.equal(outsideRole.status, 400);
  });

  it('changes roles, and refuses to demote or terminate the root administrator', async () => {
    const user = await createUser(root, 'viewer');
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/users', as(user.token))).status, 403);
    const promoted = await call(env.gatewayUrl, 'PATCH', `/api/v1/users/${user.id}`, { ...as(rootToken), json: { role: 'admin' } });
    assert.equal(promoted.status, 200);
    assert.equal(promoted.body.role, 'admin');
    // The same access token carries the new role at once.
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/users', as(user.token))).status, 200);
    assert.equal((await call(env.gatewayUrl, 'PATCH', `/api/v1/users/${rootId}`, { ...as(rootToken), json: { role: 'viewer' } })).body.name, 'ROOT_ADMIN_PROTECTED');
    assert.equal((await call(env.gatewayUrl, 'POST', `/api/v1/users/${rootId}/terminate`, as(rootToken))).body.name, 'ROOT_ADMIN_PROTECTED');
    const duplicate = await call(env.gatewayUrl, 'POST', '/api/v1/users', { ...as(rootToken), json: { email: user.email.toUpperCase(), role: 'viewer', password: strongPassword() } });
    assert.equal(duplicate.status, 409);
  });

  it('resets a password to a one-time password (as kubectl prst does, with an admin API key) that must be changed', async () => {
    const user = await createUser(root, 'viewer');
    remember(user.password);
    const operatorKey = remember((await createApiCredential(root, 'admin', { name: 'kubectl prst' })).key);
    const reset = await call(env.gatewayUrl, 'POST', '/api/v1/admin/users/reset-password', { ...as(operatorKey), json: { email: user.email } });
    assert.equal(reset.status, 200);
    assert.equal(reset.body.mustChangePassword, true);
    const oneTime = remember(reset.body.oneTimePassword as string);
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/auth/me', as(user.token))).status, 401, 'sessions ended');
    const old = await call(env.gatewayUrl, 'POST', '/api/v1/auth/login', { ...from('10.6.0.1'), json: { email: user.email, password: user.password } });
    assert.equal(old.status, 401);
    const session = await login(env, user.email, oneTime);
    assert.equal(session.mustChangePassword, true);
    const blocked = await call(env.gatewayUrl, 'GET', '/api/v1/api-credentials', as(session.accessToken));
    assert.equal(blocked.body.name, 'PASSWORD_CHANGE_REQUIRED');
    const changed = await call(env.gatewayUrl, 'POST', '/api/v1/auth/password', {
      ...as(session.accessToken),
      json: { currentPassword: oneTime, newPassword: remember(strongPassword()) },
    });
    assert.equal(changed.status, 200);
    assert.equal((await call(env.gatewayUrl, 'GET', '/api/v1/api-credentials', as(changed.body.accessToken))).status, 200);
    const viewerKey = remember((await createApiCredential(root, 'viewer')).key);
    assert.equal((await call(env.gatewayUrl, 'POST', '/api/v1/admin/users/reset-password', { ...as(viewerKey), json: { email: user.email } })).status, 403);
  });

  it('refuses user changes with 503 when the audit trail cannot store them, and changes nothing', async () => {
    const { connect } = await import('@nats-io/transport-node');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const connection = await connect({ servers: env.nats.url, user: 'audit-log', pass: env.nats.passwords['audit-log'], inboxPrefix: '_INBOX_AUDIT_LOG' });
    const manager = await jetstreamManager(connection);
    const { config } = await manager.streams.info('PRST_AUDIT');
    const kept = await readAuditEvents(env);
    await manager.streams.delete('PRST_AUDIT');
    try {
      const email = `unaudited-${randomUUID().slice(0, 8)}@example.com`;
      const refused = await call(env.gatewayUrl, 'POST', '/api/v1/users', { ...as(rootToken), json: { email, role: 'viewer', password: strongPassword() } });
      assert.equal(refused.status, 503);
      assert.equal(refused.body.name, 'AUDIT_UNAVAILABLE');
      const users = await call(env.gatewayUrl, 'GET', '/api/v1/users', as(rootToken));
      assert.ok(!users.body.some((u: { email: string }) => u.email === email));
    } finally {
      await manager.streams.add(config);
      await connection.close();
      auditBeforeOutage = kept;
    }
  });

  let auditBeforeOutage: Awaited<ReturnType<typeof readAuditEvents>> = [];

  it('records sign-ins, password and user changes, API keys and denials in the audit trail', async () => {
    const events = [...auditBeforeOutage, ...(await readAuditEvents(env))];
    const seen = new Set(events.map((event) => `${event.action}:${event.outcome}`));
    for (const expected of [
      'auth.login:success', 'auth.login:failure', 'auth.login:denied', 'auth.password.change:success', 'auth.refresh.reused:denied',
      'user.create:success', 'user.role.change:success', 'user.password.reset:success', 'user.terminate:success', 'user.reactivate:success',
      'api_credential.create:success', 'api_credential.revoke:success', 'authorization.denied:denied',
    ]) {
      assert.ok(seen.has(expected), `missing ${expected} among ${[...seen].join(", ")} (${events.length} events)`);
    }
    const denial = events.find((event) => event.action === 'authorization.denied')!;
    assert.ok(denial.principal.id && denial.requestId);
  });

  it('keeps no password, token or key in plain text in the database, the logs or the audit trail', async () => {
    const client = new pg.Client({ connectionString: env.databaseUrl });
    await client.connect();
    let database = '';
    try {
      const tables = await client.query(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`);
      for (const { table_schema, table_name } of tables.rows) {
        const rows = await client.query(`SELECT t::text AS row FROM "${table_schema}"."${table_name}" t`);
        database += rows.rows.map((r) => r.row).join('\n');
      }
    } finally {
      await client.end();
    }
    assert.ok(database.includes('$argon2id$'), 'the scan reads the users table');
    const logs = env.logs().join('\n');
    const audit = JSON.stringify([...auditBeforeOutage, ...(await readAuditEvents(env))]);
    assert.ok(secrets.size > 20);
    for (const secret of secrets) {
      for (const [where, text] of Object.entries({ database, logs, audit })) {
        assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 6)}…) appears in the ${where}`);
        // An API key's or token's random part without its prefix.
        const tail = secret.slice(-24);
        assert.ok(!text.includes(tail), `part of a secret (${secret.slice(0, 6)}…) appears in the ${where}`);
      }
    }
  });
});
