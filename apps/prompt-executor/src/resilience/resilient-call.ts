import { setTimeout as sleep } from 'node:timers/promises';
import type { AttemptRecord } from '@prst/contracts';
import { delayBeforeRetry, type RetrySettings } from './retry-policy.js';

/** One connector version the loop may call, with its own retry settings. */
export interface AttemptTarget {
  connectorId: string;
  connectorVersion: string;
  retry: RetrySettings;
}

/**
 * What one attempt did. `transient` failures (408, 429, most 5xx, connection errors, timeouts) are
 * retried on the same target; `failed` ones go straight to the next fallback; `success` ends the loop.
 */
export interface AttemptResult<T> {
  verdict: 'success' | 'transient' | 'failed';
  value: T;
  /** HTTP status the provider answered, if it answered. */
  status?: number | null;
  /** Error name when the attempt failed (PROVIDER_ERROR, PROVIDER_TIMEOUT, …). */
  error?: string | null;
  /** The provider's `Retry-After`, already in milliseconds. */
  retryAfterMs?: number | null;
}

export interface AttemptInfo {
  /** 1-based number of this attempt over all targets. */
  attempt: number;
  /** Time left before the overall deadline: the attempt's own timeout must not exceed it. */
  remainingMs: number;
}

export interface ResilienceOptions {
  /** Absolute deadline (performance.now() clock) of the whole call, retries and fallbacks included. */
  deadline: number;
  /** Stops retrying (and cancels a wait) when the caller went away. */
  signal?: AbortSignal;
  random?: () => number;
  now?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called when a fallback target cannot be loaded; the loop goes on with the next one. */
  onSkippedTarget?: (error: unknown) => void;
}

export interface ResilientResult<T, Target extends AttemptTarget> {
  value: T;
  /** The target of the last attempt (the one that answered, or the last one that failed). */
  target: Target;
  attempts: AttemptRecord[];
}

/**
 * Calls `attempt` on the first target, retrying transient failures with backoff (honouring
 * `Retry-After`), then on each fallback in order, until one succeeds, every target is spent, or the
 * deadline is reached. Fallbacks are loaded lazily: a call that succeeds at once never looks them up.
 * Every attempt is recorded. Used by executions and by the provider proxy alike.
 */
export async function callWithResilience<T, Target extends AttemptTarget>(
  targets: readonly (Target | (() => Promise<Target>))[],
  attempt: (target: Target, info: AttemptInfo) => Promise<AttemptResult<T>>,
  options: ResilienceOptions,
): Promise<ResilientResult<T, Target>> {
  const now = options.now ?? (() => performance.now());
  const random = options.random ?? Math.random;
  const wait = options.wait ?? ((ms: number, signal?: AbortSignal) => sleep(ms, undefined, { signal }));
  const attempts: AttemptRecord[] = [];
  let last: { value: T; target: Target } | undefined;
  for (const [index, entry] of targets.entries()) {
    let target: Target;
    try {
      target = typeof entry === 'function' ? await entry() : entry;
    } catch (error) {
      options.onSkippedTarget?.(error);
      continue;
    }
    let waitMs = 0;
    for (let retry = 0; ; retry++) {
      if (options.signal?.aborted || now() >= options.deadline) return finish();
      const started = now();
      const result = await attempt(target, { attempt: attempts.length + 1, remainingMs: Math.max(0, options.deadline - started) });
      attempts.push({
        attempt: attempts.length + 1,
        connectorId: target.connectorId,
        connectorVersion: target.connectorVersion,
        fallback: index,
        status: result.status ?? null,
        error: result.verdict === 'success' ? null : (result.error ?? 'FAILED'),
        latencyMs: Math.round(now() - started),
        waitMs,
      });
      last = { value: result.value, target };
      if (result.verdict === 'success') return finish();
      if (result.verdict === 'failed') break;
      const delay = delayBeforeRetry(retry, target.retry, result.retryAfterMs ?? null, options.deadline - now(), random);
      if (delay === null) break;
      try {
        if (delay > 0) await wait(delay, options.signal);
      } catch {
        return finish(); // aborted while waiting
      }
      waitMs = delay;
    }
  }
  return finish();

  function finish(): ResilientResult<T, Target> {
    if (!last) throw new NoAttemptMadeError();
    return { ...last, attempts };
  }
}

/** The deadline passed or the caller left before any attempt was made. */
export class NoAttemptMadeError extends Error {
  constructor() {
    super('no attempt could be made before the deadline');
  }
}
