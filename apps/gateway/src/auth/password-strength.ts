import { Worker } from 'node:worker_threads';

export interface StrengthRequest {
  id: number;
  password: string;
  userInputs: string[];
}

export interface StrengthResult {
  id: number;
  /** zxcvbn's score, 0–4. */
  score: number;
  warning: string | null;
  suggestions: string[];
}

/** How long the estimator stays loaded after its last check. */
const IDLE_MS = 5_000;

let worker: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (result: StrengthResult) => void; reject: (error: Error) => void }>();

function failPending(error: Error): void {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

function estimatorWorker(): Worker {
  clearTimeout(idleTimer);
  if (worker) {
    worker.ref();
    return worker;
  }
  const started = new Worker(new URL('./password-strength.worker.js', import.meta.url));
  started.on('message', (result: StrengthResult) => {
    pending.get(result.id)?.resolve(result);
    pending.delete(result.id);
    if (pending.size > 0) return;
    // An idle estimator never keeps the process alive.
    started.unref();
    idleTimer = setTimeout(() => {
      // Forgotten first, so that a check arriving while it exits starts a new worker.
      worker = undefined;
      void started.terminate();
    }, IDLE_MS).unref();
  });
  started.on('error', (error) => failPending(error));
  started.on('exit', () => {
    // Only an unexpected exit has checks pending (an idle one was forgotten before it was stopped).
    if (worker !== started) return;
    worker = undefined;
    failPending(new Error('The password strength estimator stopped.'));
  });
  worker = started;
  return started;
}

/**
 * zxcvbn's strength estimate of a password, computed in a worker thread: its dictionaries cost
 * ~0.5 s of CPU to build and ~50 MiB of memory, which the gateway should not keep for the rare
 * password change. The worker exits after IDLE_MS without checks and is started again on demand.
 */
export function estimateStrength(password: string, userInputs: string[]): Promise<StrengthResult> {
  const id = nextId++;
  const result = new Promise<StrengthResult>((resolve, reject) => pending.set(id, { resolve, reject }));
  estimatorWorker().postMessage({ id, password, userInputs } satisfies StrengthRequest);
  return result;
}
