import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppName } from '@prst/contracts';
import { startNats, type RunningNats } from './nats-server.js';
import { createDatabase, startPostgres, type RunningPostgres } from './postgres.js';
import { freePort } from './ports.js';
import { DEFAULT_ROOT_EMAIL, loadOrCreateLocalSecrets, startSuite, waitForHealthy, type RunningSuite } from './suite.js';

/** Set by the test command: an admin URL of the PostgreSQL server shared by one test run. */
export const TEST_POSTGRES_ENV = 'PRST_TEST_POSTGRES_URL';

export interface TestInfra {
  dir: string;
  nats: RunningNats;
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * A private nats-server and a fresh database for one test file, under the system temp folder so the
 * `postgres` user can reach it. Uses the run's shared PostgreSQL when the test command started one.
 */
export async function startTestInfra(name: string): Promise<TestInfra> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `prst-${name}-`));
  chmodSync(dir, 0o755);
  const nats = await startNats({ dir: path.join(dir, 'nats') });
  const database = await startTestDatabase(name, dir);
  return {
    dir,
    nats,
    databaseUrl: database.url,
    async stop() {
      await nats.stop().catch(() => undefined);
      await database.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database for one test file: in the run's shared PostgreSQL when the test command started
 * one, else in a private server under `dir` (which must be reachable by the `postgres` user).
 */
export async function startTestDatabase(name: string, dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const database = `t_${name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const sharedUrl = process.env[TEST_POSTGRES_ENV];
  if (sharedUrl) return { url: await createDatabase(sharedUrl, database), stop: async () => undefined };
  const postgres: RunningPostgres = await startPostgres({ dataDir: path.join(dir, 'pg') });
  return { url: await postgres.createDatabase(database), stop: () => postgres.stop().catch(() => undefined) };
}

export interface TestSuite extends TestInfra {
  suite: RunningSuite;
  gatewayUrl: string;
  /** The root administrator's e-mail and initial password (it must be changed at first sign-in). */
  rootEmail: string;
  rootPassword: string;
  /** Every log line of every service so far. */
  logs(): string[];
}

/** The whole suite as six OS processes on private infrastructure, healthy and ready for requests. */
export async function startTestSuite(
  name: string,
  options: {
    commonEnv?: Record<string, string>;
    env?: Partial<Record<AppName, Record<string, string>>>;
    /** Called with the run's private folder before the services start (for files they write). */
    prepare?: (dir: string) => void;
    /** Node.js options for one service's process (for example `--cpu-prof`). */
    nodeArgs?: Partial<Record<AppName, string[]>>;
  } = {},
): Promise<TestSuite> {
  const infra = await startTestInfra(name);
  options.prepare?.(infra.dir);
  const commonEnv = { ...loadOrCreateLocalSecrets(infra.dir), ROOT_EMAIL: DEFAULT_ROOT_EMAIL, LOG_LEVEL: 'info', ...options.commonEnv };
  // Only the gateway gets the initial root password; a test may override it (or set it empty).
  const gatewayEnv = { ROOT_PASSWORD: `Initial-${randomBytes(12).toString('base64url')}`, ...options.env?.gateway };
  const suite = startSuite({
    nats: infra.nats,
    databaseUrl: infra.databaseUrl,
    gatewayPort: await freePort(),
    commonEnv,
    env: { ...options.env, gateway: gatewayEnv },
    nodeArgs: options.nodeArgs,
  });
  const stopAll = async () => {
    await suite.stopAll();
    await infra.stop();
  };
  try {
    // Generous: several test runs may share this machine's two cores.
    await waitForHealthy(suite.gatewayUrl, 120000);
  } catch (error) {
    const output = [...suite.services.values()].flatMap((service) => service.output.slice(-20).map((l) => `${service.app}: ${l}`));
    await stopAll();
    throw new Error(`${(error as Error).message}\n${output.join('\n')}`);
  }
  return {
    ...infra,
    suite,
    gatewayUrl: suite.gatewayUrl,
    rootEmail: suite.envOf('gateway').ROOT_EMAIL ?? DEFAULT_ROOT_EMAIL,
    rootPassword: gatewayEnv.ROOT_PASSWORD,
    logs: () => [...suite.services.values()].flatMap((service) => service.output),
    stop: stopAll,
  };
}
