import { PassThrough } from 'node:stream';
import { run } from '../src/cli/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kubectl prst <argv>` in this process with its own stdout, stderr and environment. */
export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await run(argv, { stdout, stderr, env });
  return { code, stdout: out, stderr: err };
}
