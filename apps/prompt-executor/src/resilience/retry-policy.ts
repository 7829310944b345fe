import type { RetryPolicy } from '@prst/contracts';

/** A connector version's retry policy with its defaults applied. */
export interface RetrySettings {
  maxRetries: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxRetries: 2, baseBackoffMs: 250, maxBackoffMs: 10000 };

/**
 * The longest `Retry-After` we wait for. A provider that asks for more is treated as unavailable for
 * now: the next fallback is tried instead (waiting less than asked would only be refused again).
 */
export const RETRY_AFTER_MAX_MS = 30000;

export function retrySettings(policy: RetryPolicy | undefined): RetrySettings {
  const maxBackoffMs = policy?.maxBackoffMs ?? DEFAULT_RETRY.maxBackoffMs;
  return {
    maxRetries: policy?.maxRetries ?? DEFAULT_RETRY.maxRetries,
    baseBackoffMs: Math.min(policy?.baseBackoffMs ?? DEFAULT_RETRY.baseBackoffMs, maxBackoffMs),
    maxBackoffMs,
  };
}

/**
 * Whether an HTTP answer is worth asking again: 408 (request timeout), 429 (rate limited) and 5xx,
 * except 501 (not implemented) and 505 (HTTP version), which answer the same every time. Every other
 * 4xx — 409 included — is about the request itself, and repeating it would fail (or conflict) again.
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}

/**
 * "Full jitter" exponential backoff: a uniformly random wait in [0, min(max, base × 2^retry)), so
 * clients that failed together do not retry together. `retry` counts from 0 (before the first retry).
 */
export function backoffMs(retry: number, settings: RetrySettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxBackoffMs, settings.baseBackoffMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` in milliseconds: delay-seconds (`"120"`) or an HTTP date (`"Wed, 21 Oct 2015
 * 07:28:00 GMT"`, counted from `now`; a date in the past means 0). Anything else is ignored (null).
 */
export function parseRetryAfter(value: string | undefined | null, now: number = Date.now()): number | null {
  if (value === undefined || value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/**
 * How long to wait before retry number `retry` (from 0), or null when no retry should be made: the
 * retries are spent, the provider's `Retry-After` is longer than RETRY_AFTER_MAX_MS, or the wait would
 * not leave time for the attempt before the overall deadline (`remainingMs`).
 */
export function delayBeforeRetry(
  retry: number,
  settings: RetrySettings,
  retryAfterMs: number | null,
  remainingMs: number,
  random: () => number = Math.random,
): number | null {
  if (retry >= settings.maxRetries) return null;
  if (retryAfterMs !== null && retryAfterMs > RETRY_AFTER_MAX_MS) return null;
  const wait = Math.max(backoffMs(retry, settings, random), retryAfterMs ?? 0);
  return wait < remainingMs ? wait : null;
}
