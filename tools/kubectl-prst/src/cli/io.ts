import type { Writable } from 'node:stream';

/**
 * Where the plugin reads its environment and writes: data on stdout (so `> file` and pipes get only
 * data), progress and messages on stderr. Injected so tests can run commands in-process.
 */
export interface Io {
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}

/** Writes one message line to stderr. */
export function say(io: Io, line: string): void {
  io.stderr.write(`${line}\n`);
}

/** Writes to stdout and waits until the chunk is handed off, so large outputs keep back-pressure. */
export function emit(io: Io, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    io.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
