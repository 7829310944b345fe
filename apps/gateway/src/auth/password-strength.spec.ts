import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { estimateStrength } from './password-strength.js';

describe('estimateStrength (worker thread)', () => {
  it('answers concurrent checks each with its own score', async () => {
    const [weak, strong] = await Promise.all([estimateStrength('password1234', []), estimateStrength('Violet-Harbor-Quartz-71', [])]);
    assert.ok(weak.score < 3, `weak scored ${weak.score}`);
    assert.ok(strong.score >= 3, `strong scored ${strong.score}`);
    assert.match([weak.warning, ...weak.suggestions].join(' '), /common/i);
  });

  it('counts the user inputs as known words', async () => {
    const plain = await estimateStrength('quartzvioletharbor', []);
    const known = await estimateStrength('quartzvioletharbor', ['quartzvioletharbor']);
    assert.ok(known.score < plain.score, `${known.score} < ${plain.score}`);
  });

  it('starts again after the worker exited when idle', async () => {
    await estimateStrength('first check here', []);
    await sleep(5_500);
    const again = await estimateStrength('Violet-Harbor-Quartz-71', []);
    assert.ok(again.score >= 3);
  });
});
