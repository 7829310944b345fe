// Installs the npm dependencies (npm ci) when node_modules is missing or older than the lock file,
// then builds every project. Shared by the local runner, the test command and the benchmark.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function ensureDependencies(log = console.log) {
  const marker = path.join(repoRoot, 'node_modules', '.package-lock.json');
  const lock = path.join(repoRoot, 'package-lock.json');
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
    log('installing npm dependencies (npm ci)…');
    execSync('npm ci --no-audit --no-fund --ignore-scripts', { cwd: repoRoot, stdio: 'inherit' });
  }
}

export function build(log = console.log) {
  log('building (tsc -b)…');
  execSync('npx tsc -b tsconfig.build.json', { cwd: repoRoot, stdio: 'inherit' });
}
