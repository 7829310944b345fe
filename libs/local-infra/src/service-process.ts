import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AppName } from '@prst/contracts';

// This file runs from libs/local-infra/dist/src/.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Path of a service's compiled entry point. */
export function serviceEntry(app: AppName): string {
  return path.join(repoRoot, 'apps', app, 'dist', 'src', 'main.js');
}

export interface ServiceProcess {
  app: AppName;
  readonly pid: number | undefined;
  /** Every line the process wrote to stdout and stderr so far. */
  readonly output: string[];
  exited: Promise<number | null>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/**
 * Starts one service as an OS process with the given environment (plus PATH; metrics off by default).
 * `nodeArgs` go before the entry point (the benchmark passes `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export function spawnService(
  app: AppName,
  env: Record<string, string>,
  onLine?: (app: AppName, line: string) => void,
  nodeArgs: string[] = [],
): ServiceProcess {
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, serviceEntry(app)], {
    // Several services (and test runs) share one machine, so the fixed default metrics port would
    // clash: metrics are off unless the caller asks for them with its own port.
    env: { PATH: process.env.PATH ?? '', METRICS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      output.push(line);
      if (output.length > 20000) output.shift();
      onLine?.(app, line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const terminate = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
  };
  return {
    app,
    get pid() {
      return child.pid;
    },
    output,
    exited,
    stop: () => terminate('SIGTERM'),
    kill: () => terminate('SIGKILL'),
  };
}
