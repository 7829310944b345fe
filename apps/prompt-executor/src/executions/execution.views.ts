import type { ExecutionDetailView, ExecutionResultView } from '@prst/contracts';
import type { ExecutionTaskEntity } from './execution-task.entity.js';

export function toResultView(task: ExecutionTaskEntity): ExecutionResultView {
  return {
    id: task.id,
    kind: task.kind,
    status: task.status,
    output: task.output,
    usage: task.usage,
    properties: task.properties ?? {},
    latencyMs: task.latencyMs,
    cost: task.cost ?? null,
    prompt:
      task.promptId === null
        ? null
        : { id: task.promptId, version: task.promptVersion!, versionId: task.promptVersionId!, label: task.label },
    connector: { id: task.connectorId, version: task.connectorVersion },
  };
}

export function toDetailView(task: ExecutionTaskEntity): ExecutionDetailView {
  return {
    ...toResultView(task),
    mode: task.mode,
    principal: { id: task.principalId, type: task.principalType },
    parameters: task.parameters,
    renderedPrompt: task.renderedPrompt,
    providerRequest: task.providerRequest ?? null,
    rawResponse: task.rawResponse ?? null,
    timings: task.timings ?? {},
    // While a task is queued or running, the column counts worker claims, not provider calls.
    attempts: task.status === 'COMPLETED' || task.status === 'FAILED' ? task.attempts : 0,
    attemptsLog: task.attemptsLog ?? [],
    error: task.error,
    createdAt: task.createdAt.toISOString(),
    startedAt: task.startedAt?.toISOString() ?? null,
    completedAt: task.completedAt?.toISOString() ?? null,
  };
}
