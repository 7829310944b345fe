import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const isRoot = () => process.getuid?.() === 0;

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = result.stdout.trim();
  return result.status === 0 && found ? found : undefined;
}

function aptInstall(packageName: string, log: (line: string) => void): void {
  if (!isRoot() || !which('apt-get')) {
    throw new Error(
      `${packageName} is not installed. Install it with your package manager ` +
        `(on Debian/Ubuntu: sudo apt-get install -y ${packageName}) and start again.`,
    );
  }
  log(`installing ${packageName} with apt-get (one time)…`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', '-qq', packageName], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** The nats-server binary, installed through apt when missing and possible. */
export function ensureNatsServer(log: (line: string) => void = () => undefined): string {
  const existing = which('nats-server') ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : undefined);
  if (existing) return existing;
  aptInstall('nats-server', log);
  return which('nats-server') ?? '/usr/sbin/nats-server';
}

/** The version line of a nats-server binary (for example `nats-server: v2.9.10`), or undefined. */
export function natsServerVersion(binary: string): string | undefined {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? `${result.stdout}${result.stderr}`.trim() : undefined;
}

function postgresBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'pg_ctl')));
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(base, versions[0], 'bin');
  }
  const pgCtl = which('pg_ctl');
  return pgCtl ? path.dirname(pgCtl) : undefined;
}

/** The folder holding initdb and pg_ctl, installed through apt when missing and possible. */
export function ensurePostgres(log: (line: string) => void = () => undefined): string {
  const existing = postgresBinDir();
  if (existing) return existing;
  aptInstall('postgresql', log);
  const installed = postgresBinDir();
  if (!installed) throw new Error('PostgreSQL was installed but initdb/pg_ctl were not found.');
  return installed;
}
