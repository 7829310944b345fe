import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Where the installed `@portkey-ai/gateway` package lives, and its version. */
export function portkeyPackage(): { dir: string; version: string } {
  const manifest = require.resolve('@portkey-ai/gateway/package.json');
  return { dir: path.dirname(manifest), version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version };
}

export interface RunningPortkey {
  url: string;
  pid: number | undefined;
  /** Headers that make Portkey call the OpenAI-compatible server at `providerUrl` (its `/v1` API). */
  headersFor(providerUrl: string): Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Portkey's open-source gateway as a separate Node.js process, the way its README runs it. It
 * listens on every interface, so it runs only for the length of the benchmark.
 */
export async function startPortkey(port: number, nodeArgs: string[] = []): Promise<RunningPortkey> {
  const entry = path.join(portkeyPackage().dir, 'build', 'start-server.js');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, entry, `--port=${port}`, '--headless'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  // Drain its output (a full pipe would stall it); keep the tail for an error message.
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 50) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Portkey did not start on port ${port}: ${output.join('').slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    url,
    pid: child.pid,
    headersFor: (providerUrl) => ({
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `${providerUrl}/v1`,
      authorization: 'Bearer sk-bench-0123456789',
    }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGINT: Portkey exits through its handler, so a --cpu-prof profile gets written.
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
