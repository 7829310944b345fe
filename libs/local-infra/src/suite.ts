import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_NAMES, type AppName } from '@prst/contracts';
import type { RunningNats } from './nats-server.js';
import { spawnService, type ServiceProcess } from './service-process.js';

export interface SuiteOptions {
  nats: RunningNats;
  databaseUrl: string;
  gatewayPort: number;
  /** Variables for every service (for example the generated secrets). */
  commonEnv?: Record<string, string>;
  /** Variables for one service, overriding the common ones. */
  env?: Partial<Record<AppName, Record<string, string>>>;
  onLine?: (app: AppName, line: string) => void;
  /** Node.js options for one service's process (for example `--cpu-prof`). */
  nodeArgs?: Partial<Record<AppName, string[]>>;
}

export interface RunningSuite {
  gatewayUrl: string;
  services: Map<AppName, ServiceProcess>;
  /** The environment a service was (or will be) started with. */
  envOf(app: AppName): Record<string, string>;
  start(app: AppName): ServiceProcess;
  stopAll(): Promise<void>;
}

/** The root administrator's address when ROOT_EMAIL is not given. */
export const DEFAULT_ROOT_EMAIL = 'admin@prst.local';

/** Secrets of a local installation, generated once and kept in `dir/secrets.json`. */
export function loadOrCreateLocalSecrets(dir: string): Record<string, string> {
  const file = path.join(dir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('base64'),
    ENCRYPTION_SECRET: randomBytes(32).toString('base64'),
    AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

/** Starts the six services as separate OS processes against the given NATS and database. */
export function startSuite(options: SuiteOptions): RunningSuite {
  const services = new Map<AppName, ServiceProcess>();
  const envOf = (app: AppName): Record<string, string> => ({
    NATS_URL: options.nats.url,
    NATS_USER: app,
    NATS_PASSWORD: options.nats.passwords[app],
    DATABASE_URL: options.databaseUrl,
    ...(app === 'gateway' ? { PORT: String(options.gatewayPort), HOST: '127.0.0.1' } : {}),
    // Support notifications stay off unless a caller turns them on (with ORGANIZATION, LICENSE_KEY).
    ...(app === 'support-notifier' ? { SUPPORT_ENABLED: 'false' } : {}),
    ROOT_EMAIL: DEFAULT_ROOT_EMAIL,
    ...options.commonEnv,
    ...options.env?.[app],
  });
  const start = (app: AppName) => {
    const service = spawnService(app, envOf(app), options.onLine, options.nodeArgs?.[app]);
    services.set(app, service);
    return service;
  };
  APP_NAMES.forEach(start);
  return {
    gatewayUrl: `http://127.0.0.1:${options.gatewayPort}`,
    services,
    envOf,
    start,
    async stopAll() {
      await Promise.all([...services.values()].map((service) => service.stop()));
    },
  };
}

/** Polls the gateway's health endpoint until it answers 200 or the timeout passes. */
export async function waitForHealthy(gatewayUrl: string, timeoutMs = 60000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${gatewayUrl}/api/v1/health`, { signal: AbortSignal.timeout(3000) });
      const body = await response.json();
      if (response.status === 200) return body;
      last = JSON.stringify(body);
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the suite did not become healthy within ${timeoutMs} ms (last answer: ${last})`);
}
