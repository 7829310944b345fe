import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { passwordProblems } from './password-policy.js';

describe('passwordProblems', () => {
  it('accepts a long, uncommon passphrase', async () => {
    assert.deepEqual(await passwordProblems('Violet-Harbor-Quartz-71', 'alice@example.com'), []);
  });

  it('says the password is too short', async () => {
    assert.match((await passwordProblems('Xk9#mQ2!', 'alice@example.com')).join(' '), /at least 12 characters/);
  });

  it("refuses a password containing the e-mail's local part", async () => {
    assert.match((await passwordProblems('Alice-Harbor-Quartz-71', 'alice@example.com')).join(' '), /before the @/);
  });

  it('refuses a common password and says why', async () => {
    const problems = await passwordProblems('password1234', 'bob@example.com');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /too easy to guess: .*common/i);
  });
});
