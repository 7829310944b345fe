import type { AttemptRecord } from '@prst/contracts';
import type { ExecutionOutcome } from './execution-runner.js';
import type { NewTask } from './executions.repository.js';

/**
 * The attempt log of a task that calls its provider once and is never retried (a proxy call, a
 * streamed execution: the caller already holds the answer's first bytes). Empty when no call was
 * made, for example when the credential was missing.
 */
export function singleAttempt(task: Pick<NewTask, 'connectorId' | 'connectorVersion'>, outcome: ExecutionOutcome): AttemptRecord[] {
  if (outcome.providerRequest === null) return [];
  const latency = (outcome.timings.providerMs ?? 0) + (outcome.timings.streamMs ?? 0);
  return [
    {
      attempt: 1,
      connectorId: task.connectorId,
      connectorVersion: task.connectorVersion,
      fallback: 0,
      status: outcome.providerStatus ?? null,
      error: outcome.error?.name ?? null,
      latencyMs: Math.round(latency),
      waitMs: 0,
    },
  ];
}
