import { PrstError, type CreateFeedbackRequest, type TaskReferenceReply } from '@prst/contracts';

/** The combinations of prompt fields Prst.ai accepts, as told to a client that sent none of them. */
export const ACCEPTED_COMBINATIONS =
  'Send at least one of: prompt_id; prompt_id with prompt_version; prompt_version_id ' +
  '(or a task_id, which supplies all three).';

/** The prompt fields of a feedback after the task (if any) has filled them in. */
export interface PromptReference {
  prompt_id?: string;
  prompt_version?: string;
  prompt_version_id?: string;
}

/** Prst.ai's rule: a feedback must say which prompt (or prompt version) it is about. */
export function assertPromptReference(reference: PromptReference, sent: CreateFeedbackRequest): void {
  if (reference.prompt_id || reference.prompt_version_id) return;
  const present = (['task_id', 'user_id', 'prompt_version', 'source'] as const).filter((field) => sent[field] !== undefined && sent[field] !== null);
  const got = present.length ? `It names only ${present.join(', ')}.` : 'It names no prompt.';
  throw new PrstError('FEEDBACK_PROMPT_REQUIRED', `This feedback does not say which prompt it is about. ${got} ${ACCEPTED_COMBINATIONS}`);
}

/** Stars carry a whole value 0..5; like and dislike carry none. */
export function assertRating(sent: CreateFeedbackRequest): void {
  const rating = sent.rating;
  if (!rating) return;
  if (rating.type === 'stars' && (rating.value === undefined || rating.value === null)) {
    throw new PrstError('VALIDATION_FAILED', 'A stars rating needs a value: a whole number from 0 to 5.', ['rating.value is required for type stars']);
  }
  if (rating.type !== 'stars' && rating.value !== undefined && rating.value !== null) {
    throw new PrstError('VALIDATION_FAILED', `A ${rating.type} rating has no value; send {"type": "${rating.type}"}.`, [
      `rating.value is not allowed for type ${rating.type}`,
    ]);
  }
}

/** A comment with only blanks counts as no comment. */
export function normalizedComment(comment: string | undefined | null): string | undefined {
  return comment && comment.trim() ? comment : undefined;
}

/** Feedback needs something to say: a rating, a comment, or both. */
export function assertNotEmpty(sent: CreateFeedbackRequest): void {
  if (sent.rating || normalizedComment(sent.comment)) return;
  throw new PrstError('FEEDBACK_EMPTY', 'This feedback has neither a rating nor a comment; send at least one of them.');
}

/**
 * Fills the prompt fields from the task; a field the client sent must agree with the task.
 * Lists every contradiction at once.
 */
export function mergeTask(sent: CreateFeedbackRequest, task: TaskReferenceReply): PromptReference {
  const pairs = [
    ['prompt_id', sent.prompt_id, task.promptId],
    ['prompt_version', sent.prompt_version, task.promptVersion],
    ['prompt_version_id', sent.prompt_version_id, task.promptVersionId],
  ] as const;
  const conflicts = pairs
    .filter(([, given, actual]) => given !== undefined && given !== null && given !== actual)
    .map(([field, given, actual]) => `${field} is "${given}" but task ${task.id} ran "${actual}"`);
  if (conflicts.length) {
    throw new PrstError('FEEDBACK_TASK_MISMATCH', `The feedback contradicts its task: ${conflicts.join('; ')}.`, conflicts);
  }
  return { prompt_id: task.promptId, prompt_version: task.promptVersion, prompt_version_id: task.promptVersionId };
}
