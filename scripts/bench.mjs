#!/usr/bin/env node
// npm run bench [-- --profile] [--duration=S] [--rounds=N] [--latencies=0,50] [--connections=1,10,50]
// Installs and builds what is missing, then runs the benchmark harness of bench/ (see bench/README.md).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { build, ensureDependencies, repoRoot } from './ensure-deps.mjs';

const log = (line) => console.log(`[bench] ${line}`);
ensureDependencies(log);
build(log);
const result = spawnSync(process.execPath, ['--enable-source-maps', path.join(repoRoot, 'bench/dist/src/main.js'), ...process.argv.slice(2)], {
  cwd: repoRoot,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
