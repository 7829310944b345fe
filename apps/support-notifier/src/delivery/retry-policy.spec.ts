import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs, decideAttempt, type VendorResult } from './retry-policy.js';

const policy = { baseMs: 1000, maxDelayMs: 60_000, windowMs: 86_400_000 };
const created = new Date('2026-01-01T00:00:00Z');
const now = new Date('2026-01-01T00:01:00Z');
const answer = (status: number, extra: Partial<VendorResult> = {}): VendorResult =>
  ({ kind: 'response', status, statusText: 'X', bodyExcerpt: '', ...extra }) as VendorResult;

describe('backoffDelayMs', () => {
  it('doubles from the base and stops at the maximum', () => {
    assert.deepEqual([1, 2, 3, 4, 7, 30].map((n) => backoffDelayMs(n, policy)), [1000, 2000, 4000, 8000, 60_000, 60_000]);
  });
});

describe('decideAttempt', () => {
  it('marks a 2xx answer as sent', () => {
    assert.deepEqual(decideAttempt(answer(202), 1, created, now, policy), { outcome: 'sent', httpStatus: 202 });
  });

  it('retries 5xx, 408, 429 and network errors after the backoff delay', () => {
    for (const result of [answer(500), answer(503), answer(408), answer(429), { kind: 'error', error: 'ECONNREFUSED' } as VendorResult]) {
      const decision = decideAttempt(result, 3, created, now, policy);
      assert.equal(decision.outcome, 'retry');
      assert.equal(decision.outcome === 'retry' && decision.nextAttemptAt.getTime() - now.getTime(), 4000);
    }
  });

  it('honours a longer Retry-After, within the maximum delay', () => {
    const decision = decideAttempt(answer(429, { retryAfterMs: 30_000 }), 1, created, now, policy);
    assert.equal(decision.outcome === 'retry' && decision.nextAttemptAt.getTime() - now.getTime(), 30_000);
  });

  it('fails for good on another 4xx, with the status and the vendor message as the reason', () => {
    const decision = decideAttempt(answer(401, { statusText: 'Unauthorized', bodyExcerpt: 'unknown license' }), 1, created, now, policy);
    assert.equal(decision.outcome, 'failed');
    assert.equal(decision.outcome === 'failed' && decision.error, 'the support endpoint answered HTTP 401 Unauthorized: unknown license');
  });

  it('does not follow redirects and says so', () => {
    const decision = decideAttempt(answer(302), 1, created, now, policy);
    assert.equal(decision.outcome, 'failed');
    assert.match(decision.outcome === 'failed' ? decision.error : '', /redirects are not followed/);
  });

  it('gives up once the next attempt would fall outside the retry window', () => {
    const late = new Date(created.getTime() + policy.windowMs - 500);
    const decision = decideAttempt(answer(503), 5, created, late, policy);
    assert.equal(decision.outcome, 'failed');
    assert.match(decision.outcome === 'failed' ? decision.error : '', /gave up after retrying for 24 h/);
  });
});
