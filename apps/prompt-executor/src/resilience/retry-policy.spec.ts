import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RETRY, RETRY_AFTER_MAX_MS, backoffMs, delayBeforeRetry, isRetryableStatus, parseRetryAfter, retrySettings } from './retry-policy.js';

describe('retry policy', () => {
  describe('retrySettings', () => {
    it('applies the defaults to a connector without a policy', () => {
      assert.deepEqual(retrySettings(undefined), DEFAULT_RETRY);
      assert.deepEqual(retrySettings({ maxRetries: 0 }), { ...DEFAULT_RETRY, maxRetries: 0 });
    });

    it('keeps the base backoff within the maximum', () => {
      assert.equal(retrySettings({ baseBackoffMs: 5000, maxBackoffMs: 1000 }).baseBackoffMs, 1000);
    });
  });

  describe('isRetryableStatus', () => {
    it('retries 408, 429 and 5xx but not 501 or 505', () => {
      for (const status of [408, 429, 500, 502, 503, 504, 529]) assert.equal(isRetryableStatus(status), true, String(status));
      for (const status of [200, 400, 401, 403, 404, 409, 422, 501, 505]) assert.equal(isRetryableStatus(status), false, String(status));
    });
  });

  describe('backoffMs', () => {
    const settings = { maxRetries: 5, baseBackoffMs: 100, maxBackoffMs: 1000 };

    it('doubles the ceiling per retry up to the maximum (random just below 1)', () => {
      const top = () => 0.999999;
      assert.deepEqual([0, 1, 2, 3, 4, 10].map((retry) => backoffMs(retry, settings, top)), [99, 199, 399, 799, 999, 999]);
    });

    it('draws the full range from zero (full jitter)', () => {
      assert.equal(backoffMs(3, settings, () => 0), 0);
      assert.equal(backoffMs(3, settings, () => 0.5), 400);
      const draws = Array.from({ length: 200 }, () => backoffMs(2, settings));
      assert.ok(draws.every((draw) => draw >= 0 && draw < 400));
      assert.ok(new Set(draws).size > 50, 'the waits are spread, not equal');
    });
  });

  describe('parseRetryAfter', () => {
    const now = Date.parse('2026-12-03T20:00:00Z');

    it('reads delay-seconds', () => {
      assert.equal(parseRetryAfter('1', now), 1000);
      assert.equal(parseRetryAfter(' 120 ', now), 120000);
      assert.equal(parseRetryAfter('0', now), 0);
    });

    it('reads an HTTP date relative to now, and a past date as no wait', () => {
      assert.equal(parseRetryAfter('Thu, 03 Dec 2026 20:00:05 GMT', now), 5000);
      assert.equal(parseRetryAfter('Thu, 03 Dec 2026 19:59:00 GMT', now), 0);
    });

    it('ignores what is neither', () => {
      for (const value of [undefined, null, '', '-1', '1.5', 'soon', '12abc']) assert.equal(parseRetryAfter(value as string, now), null, String(value));
    });
  });

  describe('delayBeforeRetry', () => {
    const settings = { maxRetries: 2, baseBackoffMs: 100, maxBackoffMs: 1000 };
    const half = () => 0.5;

    it('stops when the retries are spent', () => {
      assert.equal(delayBeforeRetry(1, settings, null, 60000, half), 100);
      assert.equal(delayBeforeRetry(2, settings, null, 60000, half), null);
    });

    it('waits at least as long as Retry-After asks', () => {
      assert.equal(delayBeforeRetry(0, settings, 1000, 60000, half), 1000);
      assert.equal(delayBeforeRetry(0, settings, 10, 60000, half), 50);
    });

    it('gives up on a Retry-After beyond the cap or beyond the deadline', () => {
      assert.equal(delayBeforeRetry(0, settings, RETRY_AFTER_MAX_MS + 1000, 600000, half), null);
      assert.equal(delayBeforeRetry(0, settings, 5000, 4000, half), null);
      assert.equal(delayBeforeRetry(0, settings, null, 10, half), null);
    });
  });
});
