import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  PrstError,
  type CallerContext,
  type ExecutionAcceptedView,
  type ExecutionDetailView,
  type ExecutionResultView,
  type ListExecutionsRequest,
  type Page,
  type PrincipalType,
  type RunExecutionRequest,
  type TaskReferenceReply,
  type AuditEventInput,
  type ProxyCallReply,
} from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { executionsTotal } from '@prst/telemetry';
import { ExecutionCatalog, type ResolvedTarget } from '../catalog/execution-catalog.js';
import { TaskPublisher } from '../tasks/task-publisher.js';
import { checkParameters, parameterInput } from '../templating/parameters.js';
import type { ExecutionTaskEntity } from './execution-task.entity.js';
import { ExecutionRunner, type ExecutionOutcome, type ExecutionPlan } from './execution-runner.js';
import { ExecutionStreamer } from './execution-streamer.js';
import { toDetailView, toResultView } from './execution.views.js';
import { ExecutionsRepository, type NewTask } from './executions.repository.js';

export type QueuedRunResult = 'done' | 'not-claimable' | 'missing';

/**
 * Executions: checks the request, then runs it now (sync) or queues it (async). A request that
 * names an unknown target or bad parameters is refused before any task is written.
 */
@Injectable()
export class ExecutionsService {
  private readonly logger = new Logger(ExecutionsService.name);

  constructor(
    private readonly catalog: ExecutionCatalog,
    private readonly runner: ExecutionRunner,
    private readonly tasks: ExecutionsRepository,
    private readonly publisher: TaskPublisher,
    private readonly audit: AuditPublisher,
    private readonly streamer: ExecutionStreamer,
  ) {}

  async run(request: RunExecutionRequest, context: CallerContext): Promise<ExecutionResultView | ExecutionAcceptedView | ProxyCallReply> {
    const target = await this.catalog.resolve(request);
    const input = parameterInput(request.parameters);
    const checked = checkParameters(target.version.parameters, input.values);
    const problems = [...input.problems, ...checked.problems];
    if (problems.length) {
      throw new PrstError('PARAMETERS_INVALID', `The parameters do not fit version "${target.version.version}": ${problems.join('; ')}.`, problems);
    }
    const plan: ExecutionPlan = {
      target,
      parameters: checked.values,
      credentialId: target.version.credentialId ?? target.connector.credentialId ?? null,
    };
    if (request.stream) {
      if (request.async) throw new PrstError('VALIDATION_FAILED', 'An execution is either async or streamed, not both.', ['async and stream are exclusive']);
      if (!request.streamId) throw new PrstError('VALIDATION_FAILED', 'A streamed execution needs a stream id.', ['streamId is required with stream']);
      return this.runStreamed(plan, request.streamId, context);
    }
    return request.async ? this.submit(plan, context) : this.runNow(plan, context);
  }

  /**
   * Streams the answer (see ExecutionStreamer); the task is stored like a sync one, once the stream
   * ends. A failure before the first byte is stored at once and answered as an error envelope.
   */
  private async runStreamed(plan: ExecutionPlan, streamId: string, context: CallerContext): Promise<ProxyCallReply> {
    const format = this.streamer.formatOf(plan);
    const task = this.newTask(plan, context, 'sync');
    const record = (outcome: ExecutionOutcome) =>
      Promise.all([this.tasks.insertFinished(task, outcome), this.audit.publish(this.auditEvent(task, outcome), context)]).then(() =>
        countFinished(task, outcome),
      );
    const started = await this.streamer.start(plan, format, task.id, streamId, record, context);
    if ('reply' in started) return started.reply;
    await record(started.failed);
    throw this.answerError(task.id, started.failed);
  }

  /** Writes the PENDING task, then queues it (message id = task id); a failed queueing removes the task again. */
  private async submit(plan: ExecutionPlan, context: CallerContext): Promise<ExecutionAcceptedView> {
    const task = this.newTask(plan, context, 'async');
    await this.tasks.insert(task);
    try {
      await this.publisher.publish(task.id);
    } catch (error) {
      await this.tasks.delete(task.id).catch(() => undefined);
      throw error;
    }
    return { id: task.id, status: 'PENDING' };
  }

  /**
   * Runs at once and stores the finished task in one INSERT, side by side with its audit event: one
   * database commit per sync execution on the hot path. (A sync task is never seen as RUNNING; if
   * the executor dies mid-call the caller gets no answer and no task is stored.)
   */
  private async runNow(plan: ExecutionPlan, context: CallerContext): Promise<ExecutionResultView> {
    const task = this.newTask(plan, context, 'sync');
    const outcome = await this.runner.run(plan, context);
    const [cost] = await Promise.all([this.tasks.insertFinished(task, outcome), this.audit.publish(this.auditEvent(task, outcome), context)]);
    countFinished(task, outcome);
    if (outcome.error) throw this.answerError(task.id, outcome);
    return toResultView({
      ...task,
      ...(outcome.servedBy ? { connectorId: outcome.servedBy.connectorId, connectorVersion: outcome.servedBy.connectorVersion } : {}),
      status: 'COMPLETED',
      output: outcome.result!.output,
      usage: outcome.result!.usage,
      properties: outcome.result!.properties,
      latencyMs: outcome.latencyMs,
      cost,
    } as ExecutionTaskEntity);
  }

  /** Runs a queued task once: claims it, runs it and records the outcome. */
  async runQueued(id: string, leaseMs: number, onClaimed: (attempt: number) => void): Promise<QueuedRunResult> {
    const task = await this.tasks.claim(id, leaseMs);
    if (!task) return (await this.tasks.find(id)) ? 'not-claimable' : 'missing';
    onClaimed(task.attempts);
    const context: CallerContext = {
      requestId: task.requestId ?? task.id,
      principalId: task.principalId ?? undefined,
      principalType: (task.principalType as PrincipalType | null) ?? undefined,
    };
    let outcome: ExecutionOutcome;
    try {
      // Only executions are queued, and an execution always names its prompt version.
      const target = await this.catalog.resolveIds(task.promptVersionId!, task.label);
      outcome = await this.runner.run({ target, parameters: task.parameters, credentialId: task.credentialId }, context);
    } catch (error) {
      const failure = error instanceof PrstError ? error : new PrstError('INTERNAL_ERROR', 'The execution failed unexpectedly.');
      outcome = { renderedPrompt: null, providerRequest: null, rawResponse: null, error: failure, timings: {}, latencyMs: 0 };
    }
    await this.record(task, task.attempts, outcome, context);
    return 'done';
  }

  /** Keeps a running task's lease while its worker is alive. */
  extendLease(id: string, attempt: number, leaseMs: number): Promise<void> {
    return this.tasks.extendLease(id, attempt, leaseMs);
  }

  /** Gives up on a task that could not be run in its allowed deliveries. */
  async giveUp(id: string, reason: string): Promise<void> {
    const failed = await this.tasks.fail(id, {
      name: 'EXECUTION_INTERRUPTED',
      code: new PrstError('EXECUTION_INTERRUPTED', reason).code,
      description: reason,
    });
    if (failed) {
      const task = await this.tasks.find(id);
      if (task) executionsTotal.inc({ status: 'FAILED', connector: task.connectorId });
      await this.audit
        .publish(
          { action: 'execution.failed', outcome: 'failure', resource: { type: 'execution', id }, details: { reason } },
          { requestId: task?.requestId ?? id, principalId: task?.principalId ?? undefined, principalType: (task?.principalType as PrincipalType) ?? undefined },
        )
        .catch(() => this.logger.error(`could not audit the failure of task ${id}`));
    }
  }

  async get(id: string): Promise<ExecutionDetailView> {
    const task = await this.tasks.find(id);
    if (!task) throw new PrstError('EXECUTION_NOT_FOUND', `There is no execution ${id}.`);
    return toDetailView(task);
  }

  async reference(id: string): Promise<TaskReferenceReply> {
    const task = await this.tasks.find(id);
    if (!task) throw new PrstError('EXECUTION_NOT_FOUND', `There is no execution ${id}.`);
    // A proxy call ran no prompt, so nothing can refer to it as a prompt execution.
    if (task.kind === 'proxy' || task.promptId === null) throw new PrstError('EXECUTION_NOT_FOUND', `Task ${id} is a proxy call, not a prompt execution.`);
    return { id: task.id, promptId: task.promptId, promptVersion: task.promptVersion!, promptVersionId: task.promptVersionId! };
  }

  async list(request: ListExecutionsRequest): Promise<Page<ExecutionDetailView>> {
    const limit = request.limit ?? 50;
    const offset = request.offset ?? 0;
    const { items, total } = await this.tasks.list({ ...request, limit, offset });
    return { items: items.map(toDetailView), total, limit, offset };
  }

  /** Stores the outcome of a claimed task and publishes the one audit event of the execution, side by side. */
  private async record(task: ExecutionTaskEntity, attempt: number, outcome: ExecutionOutcome, context: CallerContext): Promise<void> {
    const [finished] = await Promise.all([this.tasks.finish(task.id, attempt, outcome), this.audit.publish(this.auditEvent(task, outcome), context)]);
    if (finished) countFinished(task, outcome);
    else this.logger.warn(`task ${task.id} was finished by another attempt; this outcome was not stored`);
  }

  private auditEvent(task: NewTask | ExecutionTaskEntity, outcome: ExecutionOutcome): AuditEventInput {
    return {
      action: outcome.error ? 'execution.failed' : 'execution.completed',
      outcome: outcome.error ? 'failure' : 'success',
      resource: { type: 'execution', id: task.id },
      details: {
        mode: task.mode,
        promptId: task.promptId,
        version: task.promptVersion,
        connectorId: task.connectorId,
        connectorVersion: task.connectorVersion,
        latencyMs: outcome.latencyMs,
        attempts: outcome.attempts?.length ?? 0,
        ...(outcome.servedBy ? { servedBy: { connectorId: outcome.servedBy.connectorId, connectorVersion: outcome.servedBy.connectorVersion } } : {}),
        // Plain names: the audit redactor masks any key that mentions tokens.
        ...(outcome.result ? { usage: { input: outcome.result.usage.inputTokens, output: outcome.result.usage.outputTokens } } : {}),
        ...(outcome.error ? { error: outcome.error.name, providerStatus: outcome.providerStatus ?? null } : {}),
      },
    };
  }

  private answerError(taskId: string, outcome: ExecutionOutcome): PrstError {
    const error = outcome.error!;
    const details = [`taskId=${taskId}`, ...(error.details ?? [])];
    return new PrstError(error.name, `${error.description} The task ${taskId} is FAILED.`, details);
  }

  private newTask(plan: ExecutionPlan, context: CallerContext, mode: 'sync' | 'async'): NewTask {
    const { target } = plan;
    return {
      id: randomUUID(),
      kind: 'execution',
      mode,
      status: 'PENDING',
      promptId: target.prompt.id,
      promptVersionId: target.version.id,
      promptVersion: target.version.version,
      label: target.label,
      connectorId: target.connector.id,
      connectorVersionId: target.connectorVersion.id,
      connectorVersion: target.connectorVersion.version,
      credentialId: plan.credentialId,
      principalId: context.principalId ?? null,
      principalType: context.principalType ?? null,
      requestId: context.requestId ?? null,
      parameters: plan.parameters,
      startedAt: mode === 'sync' ? new Date() : null,
      attempts: mode === 'sync' ? 1 : 0,
    };
  }
}

function countFinished(task: NewTask | ExecutionTaskEntity, outcome: ExecutionOutcome): void {
  executionsTotal.inc({ status: outcome.error ? 'FAILED' : 'COMPLETED', connector: task.connectorId });
}

export type { ResolvedTarget };
