import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { APP_NAMES, type AppName } from '@prst/contracts';
import { buildNatsConfig, type NatsConfigOptions } from './nats-config.js';
import { freePort, waitForPort } from './ports.js';
import { ensureNatsServer, natsServerVersion } from './tools.js';

export interface RunningNats {
  url: string;
  port: number;
  passwords: Record<AppName, string>;
  configFile: string;
  /** Stops the server gracefully. */
  stop(): Promise<void>;
  /** Kills the server abruptly (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same store. */
  restart(): Promise<void>;
}

/** Passwords kept in `dir/passwords.json`, so a restarted runner reuses them. */
function loadOrCreatePasswords(dir: string): Record<AppName, string> {
  const file = path.join(dir, 'passwords.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<AppName, string>;
  const passwords = Object.fromEntries(APP_NAMES.map((app) => [app, randomBytes(24).toString('base64url')]));
  writeFileSync(file, JSON.stringify(passwords), { mode: 0o600 });
  return passwords as Record<AppName, string>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export interface NatsServerOptions {
  dir: string;
  port?: number;
  log?: (line: string) => void;
  /** The users' passwords (default: kept in `dir/passwords.json`). */
  passwords?: Record<AppName, string>;
  cluster?: NatsConfigOptions['cluster'];
}

/** Starts nats-server with JetStream and the per-service users; data lives under `dir`. */
export async function startNats(options: NatsServerOptions): Promise<RunningNats> {
  const binary = ensureNatsServer(options.log);
  mkdirSync(options.dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const passwords = options.passwords ?? loadOrCreatePasswords(options.dir);
  const configFile = path.join(options.dir, 'nats.conf');
  const storeDir = path.join(options.dir, 'jetstream');
  writeFileSync(
    configFile,
    buildNatsConfig({ port, storeDir, passwords, serverVersion: natsServerVersion(binary), cluster: options.cluster }),
    { mode: 0o600 },
  );

  let child: ChildProcess;
  const launch = async () => {
    child = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const failed = exited(child).then(() => {
      throw new Error(`nats-server exited at start: ${stderr.trim()}`);
    });
    await Promise.race([waitForPort(port), failed]);
    failed.catch(() => undefined);
  };
  await launch();

  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    passwords,
    configFile,
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    restart: launch,
  };
}

export interface RunningNatsCluster {
  /** Every server's URL, comma-separated (as NATS_URL takes them). */
  url: string;
  passwords: Record<AppName, string>;
  servers: RunningNats[];
  stop(): Promise<void>;
}

/** Starts `size` nats-servers as one JetStream cluster on loopback, with the same users; data under `dir/n<i>`. */
export async function startNatsCluster(options: { dir: string; size: number; log?: (line: string) => void }): Promise<RunningNatsCluster> {
  mkdirSync(options.dir, { recursive: true });
  const passwords = loadOrCreatePasswords(options.dir);
  const routePorts = await Promise.all(Array.from({ length: options.size }, () => freePort()));
  const servers = await Promise.all(
    routePorts.map((port, index) =>
      startNats({ dir: path.join(options.dir, `n${index}`), log: options.log, passwords, cluster: { serverName: `n${index}`, port, routePorts } }),
    ),
  );
  return {
    url: servers.map((server) => server.url).join(','),
    passwords,
    servers,
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}
