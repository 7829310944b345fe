// The two entries the Helm chart relies on besides `main.js`: the per-service migration entry of the
// hook Job, and the probe listener of the NATS-only services.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { APP_NAMES, APP_SCHEMAS, type AppName } from '@prst/contracts';
import { freePort, spawnService, startTestInfra, type TestInfra } from '@prst/local-infra';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs apps/<app>/dist/src/migrate.js the way the chart does: DATABASE_URL without password, PGPASSWORD beside it. */
function migrate(app: AppName, databaseUrl: string): Promise<{ code: number | null; output: string }> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const child = spawn(process.execPath, [path.join(repoRoot, 'apps', app, 'dist', 'src', 'migrate.js')], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: url.toString(), ...(password ? { PGPASSWORD: password } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('entries used by the Kubernetes deployment', () => {
  let infra: TestInfra;

  before(async () => {
    infra = await startTestInfra('k8s-entries');
  });
  after(async () => {
    await infra?.stop();
  });

  it('migrate.js applies each service schema without NATS and exits 0, and again as a no-op', async () => {
    const results = await Promise.all(APP_NAMES.map((app) => migrate(app, infra.databaseUrl)));
    results.forEach((result, index) => assert.equal(result.code, 0, `${APP_NAMES[index]}: ${result.output}`));
    const again = await migrate('feedback', infra.databaseUrl);
    assert.equal(again.code, 0, `second run: ${again.output}`);
    const client = new pg.Client({ connectionString: infra.databaseUrl });
    await client.connect();
    try {
      for (const app of APP_NAMES) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${APP_SCHEMAS[app]}".migrations`);
        assert.ok(rows[0].n >= 1, `${app}: migrations recorded in schema ${APP_SCHEMAS[app]}`);
      }
    } finally {
      await client.end();
    }
  });

  it('migrate.js fails with exit code 1 and names the variable when DATABASE_URL is missing', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'apps', 'feedback', 'dist', 'src', 'migrate.js')], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 1);
    assert.match(output, /DATABASE_URL/);
  });

  it('a NATS-only service with PROBE_PORT answers /healthz and /readyz', async () => {
    const port = await freePort();
    const service = spawnService('feedback', {
      NATS_URL: infra.nats.url,
      NATS_USER: 'feedback',
      NATS_PASSWORD: infra.nats.passwords.feedback,
      DATABASE_URL: infra.databaseUrl,
      PROBE_PORT: String(port),
      METRICS_ENABLED: 'false',
    });
    try {
      const get = async (route: string) => {
        for (let attempt = 0; attempt < 150; attempt += 1) {
          try {
            return await fetch(`http://127.0.0.1:${port}${route}`);
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        throw new Error(`no answer on ${route}: ${service.output.slice(-10).join('\n')}`);
      };
      assert.equal((await get('/healthz')).status, 200);
      const ready = await get('/readyz');
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ok' });
      assert.equal((await get('/other')).status, 404);
    } finally {
      await service.stop();
    }
  });
});
