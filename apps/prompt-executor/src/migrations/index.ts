import { CreatePromptExecutorSchema1764806400000 } from './1764806400000-create-prompts-schema.js';

/** Every migration of the prompts schema, oldest first. */
export const migrations = [CreatePromptExecutorSchema1764806400000];
