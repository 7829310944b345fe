import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callWithResilience, type AttemptResult, type AttemptTarget } from './resilient-call.js';

const target = (connectorId: string, maxRetries = 2): AttemptTarget => ({
  connectorId,
  connectorVersion: '1',
  retry: { maxRetries, baseBackoffMs: 100, maxBackoffMs: 1000 },
});

/** A clock that only moves when the loop waits, so the test needs no real time. */
function virtualTime() {
  let now = 0;
  const waits: number[] = [];
  return { now: () => now, wait: async (ms: number) => void (waits.push(ms), (now += ms)), waits };
}

describe('callWithResilience', () => {
  it('retries transient failures and records every attempt with its wait', async () => {
    const time = virtualTime();
    const answers: AttemptResult<string>[] = [
      { verdict: 'transient', value: 'a', status: 503, error: 'PROVIDER_ERROR' },
      { verdict: 'transient', value: 'b', status: 429, error: 'PROVIDER_ERROR', retryAfterMs: 1000 },
      { verdict: 'success', value: 'c', status: 200 },
    ];
    const result = await callWithResilience([target('p')], async () => answers.shift()!, { deadline: 60000, ...time, random: () => 0.5 });
    assert.equal(result.value, 'c');
    assert.deepEqual(
      result.attempts.map(({ attempt, status, error, waitMs, fallback }) => ({ attempt, status, error, waitMs, fallback })),
      [
        { attempt: 1, status: 503, error: 'PROVIDER_ERROR', waitMs: 0, fallback: 0 },
        { attempt: 2, status: 429, error: 'PROVIDER_ERROR', waitMs: 50, fallback: 0 },
        { attempt: 3, status: 200, error: null, waitMs: 1000, fallback: 0 },
      ],
    );
  });

  it('moves to the fallbacks in order when retries are spent, loading them only then', async () => {
    const time = virtualTime();
    let loaded = 0;
    const calls: string[] = [];
    const result = await callWithResilience(
      [target('p', 1), async () => (loaded++, target('f1', 0)), async () => (loaded++, target('f2'))],
      async (t) => {
        calls.push(t.connectorId);
        return t.connectorId === 'f2' ? { verdict: 'success', value: 'ok', status: 200 } : { verdict: 'transient', value: 'x', status: 500, error: 'PROVIDER_ERROR' };
      },
      { deadline: 60000, ...time },
    );
    assert.deepEqual(calls, ['p', 'p', 'f1', 'f2']);
    assert.equal(loaded, 2);
    assert.equal(result.target.connectorId, 'f2');
    assert.deepEqual(result.attempts.map((a) => a.fallback), [0, 0, 1, 2]);
  });

  it('does not retry a failure that is not transient, but still tries the fallback', async () => {
    const time = virtualTime();
    const calls: string[] = [];
    await callWithResilience(
      [target('p'), target('f')],
      async (t) => (calls.push(t.connectorId), { verdict: 'failed', value: 0, status: 400, error: 'PROVIDER_ERROR' }),
      { deadline: 60000, ...time },
    );
    assert.deepEqual(calls, ['p', 'f']);
    assert.deepEqual(time.waits, []);
  });

  it('skips a fallback that cannot be loaded', async () => {
    const skipped: unknown[] = [];
    const result = await callWithResilience(
      [target('p', 0), async () => Promise.reject(new Error('gone')), target('f')],
      async (t) => (t.connectorId === 'f' ? { verdict: 'success', value: 1 } : { verdict: 'failed', value: 0 }),
      { deadline: 60000, ...virtualTime(), onSkippedTarget: (error) => skipped.push(error) },
    );
    assert.equal(result.value, 1);
    assert.equal(skipped.length, 1);
    assert.equal(result.attempts.length, 2);
  });

  it('stops at the deadline', async () => {
    const time = virtualTime();
    const result = await callWithResilience([target('p', 10)], async () => ({ verdict: 'transient', value: 0, retryAfterMs: 3000 }), { deadline: 7000, ...time });
    assert.deepEqual(time.waits, [3000, 3000]);
    assert.equal(result.attempts.length, 3);
  });
});
