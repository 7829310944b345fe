import { CreateFeedbackSchema1764806400000 } from './1764806400000-create-feedback-schema.js';

/** Every migration of the feedback schema, oldest first. */
export const migrations = [CreateFeedbackSchema1764806400000];
