import { CreateFeedbackSchema1764806400000 } from './1764806400000-create-feedback-schema.js';
import { CreateFeedbackTable1796314082922 } from './1796314082922-create-feedback-table.js';

/** Every migration of the feedback schema, oldest first. */
export const migrations = [CreateFeedbackSchema1764806400000, CreateFeedbackTable1796314082922];
