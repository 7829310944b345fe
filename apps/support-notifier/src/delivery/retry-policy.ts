import type { RetryPolicy } from '../config/support-settings.js';

/** What one attempt to reach the support endpoint gave. */
export type VendorResult =
  | { kind: 'response'; status: number; statusText: string; bodyExcerpt: string; retryAfterMs?: number }
  | { kind: 'error'; error: string };

export type AttemptDecision =
  | { outcome: 'sent'; httpStatus: number }
  | { outcome: 'retry'; httpStatus: number | null; error: string; nextAttemptAt: Date }
  | { outcome: 'failed'; httpStatus: number | null; error: string };

/** Delay after the `attempts`-th failed attempt: base, 2×base, 4×base … capped at the maximum. */
export function backoffDelayMs(attempts: number, policy: RetryPolicy): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 40);
  return Math.min(policy.baseMs * 2 ** exponent, policy.maxDelayMs);
}

/** Request timeouts and rate limits are temporary, unlike the rest of the 4xx family. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function describeResponse(result: Extract<VendorResult, { kind: 'response' }>): string {
  const text = `the support endpoint answered HTTP ${result.status}${result.statusText ? ` ${result.statusText}` : ''}`;
  return result.bodyExcerpt ? `${text}: ${result.bodyExcerpt}` : text;
}

/**
 * Decides what an attempt means for the ticket: 2xx is sent; 408, 429, 5xx and network errors are
 * retried with exponential backoff until the retry window (24 h by default) since the ticket's
 * creation is over; any other answer (other 4xx, redirects, which are never followed) is final.
 */
export function decideAttempt(
  result: VendorResult,
  attempts: number,
  createdAt: Date,
  now: Date,
  policy: RetryPolicy,
): AttemptDecision {
  let httpStatus: number | null = null;
  let error: string;
  if (result.kind === 'response') {
    httpStatus = result.status;
    if (result.status >= 200 && result.status < 300) return { outcome: 'sent', httpStatus };
    error = describeResponse(result);
    if (!isRetryableStatus(result.status)) {
      const why = result.status >= 300 && result.status < 400 ? ' (redirects are not followed)' : '';
      return { outcome: 'failed', httpStatus, error: `${error}${why}` };
    }
  } else {
    error = result.error;
  }
  const retryAfter = result.kind === 'response' ? (result.retryAfterMs ?? 0) : 0;
  const delay = Math.min(Math.max(backoffDelayMs(attempts, policy), retryAfter), policy.maxDelayMs);
  const nextAttemptAt = new Date(now.getTime() + delay);
  if (nextAttemptAt.getTime() > createdAt.getTime() + policy.windowMs) {
    const hours = Math.round((policy.windowMs / 3_600_000) * 10) / 10;
    return { outcome: 'failed', httpStatus, error: `${error} (gave up after retrying for ${hours} h)` };
  }
  return { outcome: 'retry', httpStatus, error, nextAttemptAt };
}
