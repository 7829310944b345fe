#!/usr/bin/env node
// kubectl-prst: kubectl finds this executable on the PATH and runs it for `kubectl prst …`.
import { run } from './cli/run.js';

const stdout = process.stdout;
// `kubectl prst audit export | head` closes the pipe early; that is not an error.
stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await run(process.argv.slice(2), { stdout, stderr: process.stderr, env: process.env });
