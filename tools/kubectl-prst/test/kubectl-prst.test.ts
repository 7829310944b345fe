import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestSuite, type TestSuite } from '@prst/local-infra';
import { FakeKubeApi } from './fake-kube-api.js';
import { addRelease, APPS } from './release-fixture.js';
import { runCli, type CliResult } from './run-cli.js';
import { adminApiKey, offers } from './admin-credential.js';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'main.js');
const TOKEN = 'operator-token';

describe('kubectl prst', () => {
  let env: TestSuite;
  let fake: FakeKubeApi;
  let dir: string;
  let API_KEY: string;
  let identity: boolean;
  const outputs: CliResult[] = [];
  const cli = async (argv: string[], extraEnv: Record<string, string | undefined> = {}) => {
    const result = await runCli(argv, { HOME: dir, PATH: process.env.PATH, ...extraEnv });
    outputs.push(result);
    return result;
  };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kubectl-prst-'));
    env = await startTestSuite('kubectl_prst');
    ({ key: API_KEY, identity } = await adminApiKey(env));
    fake = new FakeKubeApi();
    await fake.start();
    fake.addUser(TOKEN, { name: 'operator' });
    fake.addUser('no-list-token', { name: 'jane', denied: ['list deployments'] });
    fake.addUser('no-secrets-token', { name: 'sam', denied: ['get secrets'] });
    fake.addUser('no-forward-token', { name: 'pat', denied: ['create pods/portforward'] });
    const gatewayPort = Number(new URL(env.gatewayUrl).port);
    addRelease(fake, { release: 'prst', namespace: 'prst', gatewayPort, apiKey: API_KEY, restarts: { 'audit-log': 3 } });
    addRelease(fake, { release: 'degraded', namespace: 'staging', gatewayPort, ready: { 'prompt-executor': 0, nats: 0 } });
    // A release whose gateway pod's port refuses connections (the container is not listening).
    addRelease(fake, { release: 'broken', namespace: 'broken', gatewayPort: 1, apiKey: API_KEY });
  });
  after(async () => {
    await fake?.stop();
    await env?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('with --server (no Kubernetes)', () => {
    it('status shows every service of the running suite and exits 0', async () => {
      const result = await cli(['status', '--server', env.gatewayUrl]);
      assert.equal(result.code, 0, result.stderr);
      for (const app of APPS) assert.match(result.stdout, new RegExp(`^${app}\\s+ok\\s+0\\.1\\.0`, 'm'));
      assert.match(result.stdout, /^nats\s+ok\s+not inspected \(--server\)\s+yes$/m);
      assert.match(result.stdout, /^HEALTHY$/m);
    });

    it('status -o json gives scripts the health answer', async () => {
      const result = await cli(['status', '--server', env.gatewayUrl, '-o', 'json']);
      assert.equal(result.code, 0);
      const report = JSON.parse(result.stdout);
      assert.equal(report.healthy, true);
      assert.equal(report.health.status, 'ok');
      assert.deepEqual(Object.keys(report.health.services).sort(), [...APPS].sort());
      assert.equal(report.dependencies.postgresql.reachableFromGateway, true);
    });

    it('the installed executable writes data to stdout, messages to stderr, and its exit code', () => {
      const ok = spawnSync(process.execPath, [MAIN, 'status', '--server', env.gatewayUrl, '-o', 'json'], { encoding: 'utf8' });
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(JSON.parse(ok.stdout).healthy, true);
      const usage = spawnSync(process.execPath, [MAIN, 'status', '--bogus'], { encoding: 'utf8' });
      assert.equal(usage.status, 2);
      assert.equal(usage.stdout, '');
      assert.match(usage.stderr, /error: .*--bogus/);
    });

    it('commands that need a credential say how to give one', async () => {
      const result = await cli(['audit', 'verify', '--server', env.gatewayUrl]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /no API credential: with --server, set PRST_API_KEY/);
    });

    it('an unreachable gateway is reported as such', async () => {
      const result = await cli(['audit', 'verify', '--server', 'http://127.0.0.1:1'], { PRST_API_KEY: API_KEY });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /error: gateway unreachable: GET \/api\/v1\/audit\/verify through http:\/\/127\.0\.0\.1:1 failed/);
    });
  });

  describe('through Kubernetes (fake API server)', () => {
    let kubeconfig: string;
    before(() => {
      kubeconfig = fake.writeKubeconfig(dir, TOKEN, 'prst');
    });

    it('status lists the release workloads and the gateway health through a port-forward', async () => {
      const result = await cli(['status'], { KUBECONFIG: kubeconfig });
      assert.equal(result.code, 0, result.stderr + result.stdout);
      assert.match(result.stdout, /release prst in namespace prst/);
      assert.match(result.stdout, /^prst-gateway\s+Deployment\s+2\/2\s+0\s+registry\.example\.com\/prst\/gateway:0\.1\.0$/m);
      assert.match(result.stdout, /^prst-audit-log\s+Deployment\s+1\/1\s+3\s+/m);
      assert.match(result.stdout, /^prst-nats\s+StatefulSet\s+1\/1\s+0\s+nats:2\.10\.22-alpine$/m);
      assert.match(result.stdout, /^postgresql\s+ok\s+StatefulSet prst-postgresql 1\/1 ready\s+yes$/m);
      for (const app of APPS) assert.match(result.stdout, new RegExp(`^${app}\\s+ok\\s+0\\.1\\.0`, 'm'));
      assert.match(result.stderr, /port-forward 127\.0\.0\.1:\d+ → pod prst-gateway-7d9f8c6b5-\w+:8080 \(service prst-gateway\)/);
      const forward = fake.requests.find((request) => request.method === 'UPGRADE' && request.url.includes('/namespaces/prst/pods/prst-gateway-'));
      assert.ok(forward, 'a port-forward was opened to a gateway pod');
      assert.match(forward.url, /\/portforward\?ports=8080$/);
      assert.ok(fake.requests.some((request) => request.url.startsWith('/apis/apps/v1/namespaces/prst/deployments?labelSelector=app.kubernetes.io%2Finstance%3Dprst')));
    });

    it('the installed executable opens and closes the port-forward and exits by itself', async () => {
      // Spawned without waiting synchronously: the fake API server runs in this process.
      const child = spawn(process.execPath, [MAIN, 'status', '-o', 'json'], { env: { HOME: dir, KUBECONFIG: kubeconfig } });
      let stdout = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
      clearTimeout(timer);
      assert.equal(signal, null, 'the process had to be killed: something kept it alive');
      assert.equal(code, 0);
      assert.equal(JSON.parse(stdout).health.status, 'ok');
    });

    it('status exits 1 and names what is not ready', async () => {
      const result = await cli(['status', '-n', 'staging', '--release', 'degraded', '-o', 'json'], { KUBECONFIG: kubeconfig });
      assert.equal(result.code, 1);
      const report = JSON.parse(result.stdout);
      assert.equal(report.healthy, false);
      assert.equal(report.workloads.length, 8);
      assert.ok(report.problems.includes('Deployment degraded-prompt-executor: 0/1 ready'), report.problems.join('\n'));
      assert.equal(report.dependencies.nats.state, 'error');
      assert.equal(report.dependencies.postgresql.state, 'ok');
    });

    it('a missing release and a missing namespace are clear errors', async () => {
      const release = await cli(['status', '--release', 'nope'], { KUBECONFIG: kubeconfig });
      assert.equal(release.code, 1);
      assert.match(release.stderr, /error: release "nope" not found in namespace prst/);
      const namespace = await cli(['status', '-n', 'nowhere'], { KUBECONFIG: kubeconfig });
      assert.equal(namespace.code, 1);
      assert.match(namespace.stderr, /error: namespace "nowhere" not found/);
    });

    it('RBAC forbidden (403) names the missing permission', async () => {
      const list = await cli(['status'], { KUBECONFIG: fake.writeKubeconfig(dir, 'no-list-token', 'prst') });
      assert.equal(list.code, 1);
      assert.match(list.stderr, /error: RBAC forbidden while trying to list deployments in namespace prst: deployments\.apps is forbidden: User "jane" cannot list resource "deployments" in API group "apps"/);
      const secret = await cli(['audit', 'verify'], { KUBECONFIG: fake.writeKubeconfig(dir, 'no-secrets-token', 'prst') });
      assert.equal(secret.code, 1);
      assert.match(secret.stderr, /RBAC forbidden while trying to read secret prst-kubectl-prst in namespace prst: .*cannot get resource "secrets"/);
      const forward = await cli(['status', '-o', 'json'], { KUBECONFIG: fake.writeKubeconfig(dir, 'no-forward-token', 'prst') });
      assert.equal(forward.code, 1);
      assert.match(JSON.parse(forward.stdout).gatewayError, /RBAC forbidden: the API server refused to create pods\/portforward for pod prst-gateway-\S+ in namespace prst \(403\)/);
    });

    it('reads the admin API credential from the Secret and sends it to the gateway, without printing it', async () => {
      fake.forwardedToPod.length = 0;
      await cli(['support', 'ticket', '--category', 'other', '--description', 'kubectl test'], { KUBECONFIG: kubeconfig });
      assert.ok(fake.requests.some((request) => request.url === '/api/v1/namespaces/prst/secrets/prst-kubectl-prst'));
      const sent = Buffer.concat(fake.forwardedToPod).toString('utf8');
      assert.match(sent, /^POST \/api\/v1\/support\/tickets HTTP\/1\.1/m);
      assert.match(sent, new RegExp(`^authorization: Bearer ${API_KEY}\\r$`, 'mi'));
    });

    it('a missing Secret says how to create it', async () => {
      const result = await cli(['encryption', 'status', '-n', 'staging', '--release', 'degraded'], { KUBECONFIG: kubeconfig });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /error: Secret "degraded-kubectl-prst" not found in namespace staging/);
      assert.match(result.stderr, /kubectl -n staging create secret generic degraded-kubectl-prst --from-literal=apiKey=<key>/);
    });

    it('a gateway pod that refuses the forwarded port is reported as gateway unreachable', async () => {
      const result = await cli(['audit', 'verify', '-n', 'broken', '--release', 'broken'], { KUBECONFIG: kubeconfig });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /error: gateway unreachable: GET \/api\/v1\/audit\/verify through the port-forward to pod broken-gateway-\S+:8080 failed/);
      assert.match(result.stderr, /connection refused/);
    });

    it('no kubeconfig and an unreachable API server are clear errors', async () => {
      const none = await cli(['status'], {});
      assert.equal(none.code, 1);
      assert.match(none.stderr, /error: no kubeconfig: no KUBECONFIG and no .*\.kube\/config/);
      const down = await cli(['status'], { KUBECONFIG: fake.writeKubeconfig(dir, TOKEN, 'prst', 'https://127.0.0.1:1') });
      assert.equal(down.code, 1);
      assert.match(down.stderr, /error: cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    });
  });

  describe('admin commands with --server (routes from issues 3, 4, 8 and 9)', () => {
    const server = () => ['--server', env.gatewayUrl];
    const withKey = () => ({ PRST_API_KEY: API_KEY });
    /**
     * While the route is not on main yet, checks that the command says so clearly and skips (naming the
     * issue); once the route exists the test runs for real.
     */
    const requireRoute = async (t: { skip(message: string): void }, method: string, route: string, issue: number, argv: string[]) => {
      if (await offers(env, method, route, API_KEY)) return true;
      const result = await cli([...argv, ...server()], withKey());
      assert.equal(result.code, 1);
      assert.match(result.stderr, /answered 404 ROUTE_NOT_FOUND/);
      assert.match(result.stderr, /hint: this gateway does not offer (GET|POST) \/api\/v1\/.*: is the release older than this plugin\?/);
      t.skip(`pending: ${method} ${route} is not on main yet (issue ${issue}); the missing route is reported clearly`);
      return false;
    };

    it('audit verify reports a valid chain and exits 0', async (t) => {
      if (!(await requireRoute(t, 'GET', '/api/v1/audit/verify', 8, ['audit', 'verify']))) return;
      const table = await cli(['audit', 'verify', ...server()], withKey());
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /^chain:\s+valid$/m);
      const json = await cli(['audit', 'verify', ...server(), '-o', 'json'], withKey());
      const result = JSON.parse(json.stdout);
      assert.equal(result.valid, true);
      assert.equal(typeof result.entries, 'number');
    });

    it('audit export writes NDJSON records to stdout and the count to stderr', async (t) => {
      if (!(await requireRoute(t, 'GET', '/api/v1/audit/export', 8, ['audit', 'export']))) return;
      const result = await cli(['audit', 'export', ...server()], withKey());
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.split('\n').filter(Boolean);
      for (const line of lines) assert.equal(typeof JSON.parse(line), 'object');
      assert.match(result.stderr, new RegExp(`exported ${lines.length} audit record\\(s\\)`));
      if (identity) assert.ok(lines.length > 0, 'signing in and creating a credential were audited');
    });

    it('encryption status shows records per key version', async (t) => {
      if (!(await requireRoute(t, 'GET', '/api/v1/admin/encryption/status', 4, ['encryption', 'status']))) return;
      const result = await cli(['encryption', 'status', ...server()], withKey());
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^current key version:\s+\d+$/m);
      const json = await cli(['encryption', 'status', ...server(), '-o', 'json'], withKey());
      assert.equal(typeof JSON.parse(json.stdout), 'object');
    });

    it('encryption rotate runs to completion', async (t) => {
      if (!(await requireRoute(t, 'GET', '/api/v1/admin/encryption/status', 4, ['encryption', 'rotate']))) return;
      const result = await cli(['encryption', 'rotate', ...server(), '--interval', '200ms', '--timeout', '60s'], withKey());
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /^(rotation to key version \d+ started|nothing to rotate)$/m);
      assert.match(result.stderr, /^rotation complete: every record is on key version \d+/m);
    });

    it('admin reset-password prints a one-time password that signs in and must be changed', async (t) => {
      if (!(await requireRoute(t, 'POST', '/api/v1/admin/users/reset-password', 3, ['admin', 'reset-password', '--email', 'someone@example.com']))) return;
      const email = `reset-${Date.now()}@example.com`;
      const created = await fetch(`${env.gatewayUrl}/api/v1/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify({ email, role: 'viewer', password: 'Quartz-kubectl-Harbor-7319' }),
      });
      assert.equal(created.status, 201, await created.text());
      const result = await cli(['admin', 'reset-password', '--email', email, ...server()], withKey());
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /shown once/);
      const oneTimePassword = result.stdout.trim();
      assert.ok(oneTimePassword.length >= 12);
      const signIn = async (password: string) =>
        fetch(`${env.gatewayUrl}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
      const login = await signIn(oneTimePassword);
      assert.equal(login.status, 200);
      assert.equal(((await login.json()) as { mustChangePassword?: boolean }).mustChangePassword, true);
      assert.equal((await signIn('Quartz-kubectl-Harbor-7319')).status, 401, 'the old password no longer works');
      const unknown = await cli(['admin', 'reset-password', '--email', 'nobody@example.com', ...server()], withKey());
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /answered 404/);
    });

    it('support ticket creates a ticket and prints its id', async (t) => {
      if (!(await requireRoute(t, 'POST', '/api/v1/support/tickets', 9, ['support', 'ticket', '--category', 'other', '--description', 'x']))) return;
      const result = await cli(['support', 'ticket', '--category', 'installation', '--description', 'kubectl prst test', ...server(), '-o', 'json'], withKey());
      assert.equal(result.code, 0, result.stderr);
      const ticket = JSON.parse(result.stdout);
      assert.equal(ticket.category, 'installation');
      assert.match(result.stderr, new RegExp(`support ticket ${ticket.ticketId} created`));
      const invalid = await cli(['support', 'ticket', '--category', 'not-a-category', '--description', 'x', ...server()], withKey());
      assert.equal(invalid.code, 1);
      assert.match(invalid.stderr, /POST \/api\/v1\/support\/tickets answered 400/);
    });
  });

  it('never printed the API credential it read', () => {
    assert.ok(outputs.length > 10);
    for (const output of outputs) {
      assert.ok(!output.stdout.includes(API_KEY) && !output.stderr.includes(API_KEY), 'the API key appeared in the output');
    }
  });

  it('status exits 1 and names a stopped service', async () => {
    await env.suite.services.get('feedback')!.kill();
    const result = await cli(['status', '--server', env.gatewayUrl]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^UNHEALTHY$/m);
    assert.match(result.stdout, /- service feedback: /);
  });
});
