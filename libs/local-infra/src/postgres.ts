import { execFileSync, spawnSync } from 'node:child_process';
import pg from 'pg';
import { chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './ports.js';
import { ensurePostgres } from './tools.js';

export interface RunningPostgres {
  port: number;
  /** URL of a database on this server. */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

/** Creates `name` (when missing) on the server of `adminUrl` and returns the new database's URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!existing.rowCount) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user. */
function runAsOwner(binDir: string, tool: string, args: string[]): void {
  const binary = path.join(binDir, tool);
  const [command, commandArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  const result = spawnSync(command, commandArgs, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${tool} failed: ${(result.stderr || result.stdout).trim()}`);
}

/**
 * Starts a private PostgreSQL cluster whose data lives in `dataDir` (created on first use, reused
 * afterwards). Local trust authentication on 127.0.0.1 only: for development and tests.
 */
export async function startPostgres(options: { dataDir: string; port?: number; log?: (line: string) => void }): Promise<RunningPostgres> {
  const binDir = ensurePostgres(options.log);
  const { dataDir } = options;
  const port = options.port ?? (await freePort());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    if (statSync(dataDir).uid !== uid) chownSync(dataDir, uid, gid);
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    options.log?.('initialising PostgreSQL data directory…');
    runAsOwner(binDir, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
  }
  runAsOwner(binDir, 'pg_ctl', [
    '-D', dataDir, '-w', '-t', '60', '-l', path.join(dataDir, 'server.log'),
    '-o', `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c max_connections=300`,
    'start',
  ]);

  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    urlFor,
    createDatabase: (name) => createDatabase(urlFor('postgres'), name),
    async stop() {
      runAsOwner(binDir, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
  };
}
