#!/usr/bin/env node
// The test command: installs what is missing, builds, starts one PostgreSQL for the run, then runs the
// unit, integration, e2e, chart and docs suites with node:test and prints "N passed, N failed".
// Usage: npm test [-- unit|integration|e2e|chart|docs ...]   (default: all five)
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, ensureDependencies, repoRoot } from './ensure-deps.mjs';

const log = (line) => console.log(`[test] ${line}`);

function findFiles(dir, pattern, found = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) findFiles(full, pattern, found);
    else if (pattern.test(entry)) found.push(full);
  }
  return found;
}

// Every workspace project under these folders has its unit tests (*.spec) and integration tests (test/).
const PROJECT_GROUPS = ['apps', 'libs', 'tools'];
const projects = PROJECT_GROUPS.filter((group) => existsSync(path.join(repoRoot, group))).flatMap((group) =>
  readdirSync(path.join(repoRoot, group)).map((name) => path.join(repoRoot, group, name, 'dist')),
);
const suites = {
  // bench/: only the harness's own unit tests (the benchmark itself runs with npm run bench).
  unit: { files: () => [...projects, path.join(repoRoot, 'bench', 'dist')].flatMap((dist) => findFiles(dist, /\.spec\.js$/)), concurrency: 2 },
  integration: { files: () => projects.flatMap((dist) => findFiles(path.join(dist, 'test'), /\.test\.js$/)), concurrency: 1 },
  e2e: { files: () => findFiles(path.join(repoRoot, 'e2e', 'dist', 'test'), /\.test\.js$/), concurrency: 1 },
  // charts/prst rendered with a real helm binary, and the NetworkPolicy evaluator the checks rely on.
  chart: {
    files: () => [
      ...findFiles(path.join(repoRoot, 'charts', 'tests', 'dist', 'src'), /\.spec\.js$/),
      ...findFiles(path.join(repoRoot, 'charts', 'tests', 'dist', 'test'), /\.test\.js$/),
    ],
    concurrency: 2,
  },
  // docs/: every variable, chart value, endpoint and kubectl prst command named in the Markdown exists.
  docs: {
    files: () => [
      ...findFiles(path.join(repoRoot, 'docs', 'dist', 'src'), /\.spec\.js$/),
      ...findFiles(path.join(repoRoot, 'docs', 'dist', 'test'), /\.test\.js$/),
    ],
    concurrency: 1,
  },
};
const selected = process.argv.slice(2).filter((name) => name in suites);
const toRun = selected.length ? selected : Object.keys(suites);

ensureDependencies(log);
build(log);

const { startPostgres, ensureNatsServer, TEST_POSTGRES_ENV } = await import(
  path.join(repoRoot, 'libs/local-infra/dist/src/index.js')
);
ensureNatsServer(log);
const runDir = mkdtempSync(path.join(os.tmpdir(), 'prst-test-run-'));
chmodSync(runDir, 0o755);
log('starting PostgreSQL for this run…');
const postgres = await startPostgres({ dataDir: path.join(runDir, 'pg'), log });

let passed = 0;
let failed = 0;
try {
  for (const name of toRun) {
    const files = suites[name].files();
    log(`${name}: ${files.length} file(s)`);
    if (!files.length) continue;
    const tapFile = path.join(runDir, `${name}.tap`);
    const result = spawnSync(
      process.execPath,
      [
        '--enable-source-maps',
        '--test',
        `--test-concurrency=${suites[name].concurrency}`,
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tapFile}`,
        ...files,
      ],
      { stdio: 'inherit', cwd: repoRoot, env: { ...process.env, [TEST_POSTGRES_ENV]: postgres.urlFor('postgres') } },
    );
    const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
    const count = (label) => Number(tap.match(new RegExp(`^# ${label} (\\d+)`, 'm'))?.[1] ?? 0);
    const suitePassed = count('pass');
    // A crashed runner counts as a failure even when it reported nothing.
    const suiteFailed = count('fail') + count('cancelled') + (result.status !== 0 && count('fail') === 0 ? 1 : 0);
    log(`${name}: ${suitePassed} passed, ${suiteFailed} failed`);
    passed += suitePassed;
    failed += suiteFailed;
  }
} finally {
  await postgres.stop().catch(() => undefined);
  rmSync(runDir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
