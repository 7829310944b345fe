import { CreatePromptExecutorSchema1764806400000 } from './1764806400000-create-prompts-schema.js';
import { CreatePromptsConnectorsExecutions1764900000000 } from './1764900000000-create-prompts-connectors-executions.js';
import { AddTaskAttemptsLog1765000000000 } from './1765000000000-add-task-attempts-log.js';
import { CreatePricingRulesAndTaskCosts1765100000000 } from './1765100000000-create-pricing-rules-and-task-costs.js';
import { AddTaskKind1765200000000 } from './1765200000000-add-task-kind.js';

/** Every migration of the prompts schema, oldest first. */
export const migrations = [
  CreatePromptExecutorSchema1764806400000,
  CreatePromptsConnectorsExecutions1764900000000,
  AddTaskAttemptsLog1765000000000,
  CreatePricingRulesAndTaskCosts1765100000000,
  AddTaskKind1765200000000,
];
