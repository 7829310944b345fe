import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PrstError, type CreateFeedbackRequest } from '@prst/contracts';
import { assertNotEmpty, assertPromptReference, assertRating, mergeTask } from './feedback.rules.js';

const task = { id: 'c0ffee00-0000-4000-8000-000000000001', promptId: 'p1', promptVersion: '3', promptVersionId: 'v3' };

function errorName(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof PrstError);
    return error.name;
  }
}

describe('feedback rules', () => {
  describe('assertPromptReference', () => {
    it('accepts prompt_id or prompt_version_id, with or without a label', () => {
      for (const reference of [{ prompt_id: 'p' }, { prompt_id: 'p', prompt_version: '1' }, { prompt_version_id: 'v' }]) {
        assert.equal(errorName(() => assertPromptReference(reference, reference)), undefined);
      }
    });

    it('rejects a label alone and names what was sent', () => {
      const sent: CreateFeedbackRequest = { prompt_version: '1', source: 'widget' };
      assert.throws(() => assertPromptReference({ prompt_version: '1' }, sent), /names only prompt_version, source/);
    });
  });

  describe('assertRating', () => {
    it('requires a value for stars and refuses one for like/dislike', () => {
      assert.equal(errorName(() => assertRating({ rating: { type: 'stars' } })), 'VALIDATION_FAILED');
      assert.equal(errorName(() => assertRating({ rating: { type: 'dislike', value: 0 } })), 'VALIDATION_FAILED');
      assert.equal(errorName(() => assertRating({ rating: { type: 'stars', value: 0 } })), undefined);
    });
  });

  describe('assertNotEmpty', () => {
    it('does not accept a blank comment as the only content', () => {
      assert.equal(errorName(() => assertNotEmpty({ prompt_id: 'p', comment: ' \n ' })), 'FEEDBACK_EMPTY');
      assert.equal(errorName(() => assertNotEmpty({ prompt_id: 'p', comment: 'ok' })), undefined);
    });
  });

  describe('mergeTask', () => {
    it('fills every prompt field from the task', () => {
      assert.deepEqual(mergeTask({ task_id: task.id }, task), { prompt_id: 'p1', prompt_version: '3', prompt_version_id: 'v3' });
    });

    it('lists every field that contradicts the task', () => {
      assert.throws(
        () => mergeTask({ task_id: task.id, prompt_id: 'p2', prompt_version: '3', prompt_version_id: 'v9' }, task),
        (error: PrstError) =>
          error.name === 'FEEDBACK_TASK_MISMATCH' && error.details?.length === 2 && /prompt_id/.test(error.description),
      );
    });
  });
});
