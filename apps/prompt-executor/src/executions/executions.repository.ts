import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { TaskKind, TaskStatus } from '@prst/contracts';
import { SpanKind, withSpan } from '@prst/telemetry';
import { PricingCalculator, type Cost } from '../pricing/pricing-calculator.js';
import { ExecutionTaskEntity, type TaskError } from './execution-task.entity.js';
import type { ExecutionOutcome } from './execution-runner.js';
import { TASK_HISTORY_POOL } from './task-history-pool.js';
import { taskRowInsert } from './task-row-insert.js';

export type NewTask = Pick<
  ExecutionTaskEntity,
  | 'id'
  | 'kind'
  | 'mode'
  | 'status'
  | 'promptId'
  | 'promptVersionId'
  | 'promptVersion'
  | 'label'
  | 'connectorId'
  | 'connectorVersionId'
  | 'connectorVersion'
  | 'credentialId'
  | 'principalId'
  | 'principalType'
  | 'requestId'
  | 'parameters'
  | 'startedAt'
  | 'attempts'
>;

/**
 * The numeric copy of a task's cost that usage reports add up (one row per currency): `taskId` is an
 * SQL expression, `$first` and `$first + 1` the currencies and amounts (costArrays).
 */
function costRowsInsert(taskId: string, first: number): string {
  return `INSERT INTO prompts.execution_task_cost (task_id, currency, amount)
    SELECT ${taskId}, c.currency, c.amount::numeric FROM unnest($${first}::text[], $${first + 1}::text[]) AS c(currency, amount)`;
}

function costArrays(cost: Cost): [string[], string[]] {
  const currencies = Object.keys(cost);
  return [currencies, currencies.map((currency) => cost[currency]!)];
}

export interface TaskFilter {
  promptId?: string;
  version?: string;
  status?: TaskStatus;
  kind?: TaskKind;
  principalId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/**
 * Execution tasks: how they are recorded, claimed by a worker, and finished exactly once. Finishing a
 * task (sync, async or proxied: every kind goes through insertFinished or finish) also prices it from
 * the pricing rules in scope at that moment, in the same transaction.
 */
@Injectable()
export class ExecutionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pricing: PricingCalculator,
    @Inject(TASK_HISTORY_POOL) private readonly history: pg.Pool,
  ) {}

  private readonly taskColumns = this.dataSource.getMetadata(ExecutionTaskEntity);

  async insert(task: NewTask): Promise<void> {
    // jsonb columns typed as records confuse TypeORM's deep-partial type; the shape is the entity's.
    await this.dataSource.getRepository(ExecutionTaskEntity).insert(task as never);
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.getRepository(ExecutionTaskEntity).delete({ id });
  }

  find(id: string): Promise<ExecutionTaskEntity | null> {
    return this.dataSource.getRepository(ExecutionTaskEntity).findOneBy({ id });
  }

  /**
   * Takes a queued task for this worker: PENDING, or RUNNING under a lease that ran out (its worker
   * died). The conditional UPDATE makes a redelivered message a no-op for a task that is running
   * elsewhere or already finished. Returns the claimed task with its attempt number.
   */
  async claim(id: string, leaseMs: number): Promise<ExecutionTaskEntity | null> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(ExecutionTaskEntity)
      .set({
        status: 'RUNNING',
        attempts: () => 'attempts + 1',
        startedAt: () => 'COALESCE(started_at, now())',
        leaseUntil: () => 'now() + make_interval(secs => :leaseSeconds)',
      })
      .where("id = :id AND (status = 'PENDING' OR (status = 'RUNNING' AND lease_until < now()))", { id })
      .setParameter('leaseSeconds', leaseMs / 1000)
      .execute();
    return (result.affected ?? 0) > 0 ? this.find(id) : null;
  }

  async extendLease(id: string, attempt: number, leaseMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE prompts.execution_task SET lease_until = now() + make_interval(secs => $3::double precision / 1000)
        WHERE id = $1 AND status = 'RUNNING' AND attempts = $2`,
      [id, attempt, leaseMs],
    );
  }

  /**
   * Inserts a finished (sync, streamed or proxied) task with its outcome and cost: one statement, one
   * round trip, on the task-history connections (commits not waiting for the disk flush; see
   * TASK_HISTORY_POOL). Answers the cost.
   */
  async insertFinished(task: NewTask, outcome: ExecutionOutcome): Promise<Cost | null> {
    const cost = await this.pricing.costOf({
      connectorId: outcome.servedBy?.connectorId ?? task.connectorId,
      promptId: task.promptId,
      result: outcome.result,
      rawResponse: outcome.rawResponse,
      failed: Boolean(outcome.error),
    });
    const row = { ...task, ...this.outcomeColumns(outcome), cost, completedAt: () => 'now()' };
    const insert = taskRowInsert(this.taskColumns, row);
    const taskInsert = `INSERT INTO prompts.execution_task (${insert.columns}) VALUES (${insert.placeholders})`;
    if (!cost) {
      await this.recordHistory(taskInsert, insert.values);
      return null;
    }
    await this.recordHistory(`WITH task AS (${taskInsert} RETURNING id) ${costRowsInsert('(SELECT id FROM task)', insert.values.length + 1)}`, [
      ...insert.values,
      ...costArrays(cost),
    ]);
    return cost;
  }

  /** A statement on the task-history connections, traced like the DataSource's queries. */
  private async recordHistory(statement: string, values: unknown[]): Promise<void> {
    const span = { 'db.system': 'postgresql', 'db.statement': statement.slice(0, 200) };
    await withSpan('db query', SpanKind.CLIENT, span, () => this.history.query(statement, values));
  }

  private async insertCost(manager: EntityManager, taskId: string, cost: Cost): Promise<void> {
    await manager.query(costRowsInsert('$1', 2), [taskId, ...costArrays(cost)]);
  }

  private outcomeColumns(outcome: ExecutionOutcome) {
    const error: TaskError | null = outcome.error
      ? {
          name: outcome.error.name,
          code: outcome.error.code,
          description: outcome.error.description,
          ...(outcome.providerStatus && outcome.providerStatus >= 400 ? { providerStatus: outcome.providerStatus } : {}),
        }
      : null;
    return {
      ...(outcome.servedBy
        ? {
            connectorId: outcome.servedBy.connectorId,
            connectorVersionId: outcome.servedBy.connectorVersionId,
            connectorVersion: outcome.servedBy.connectorVersion,
            credentialId: outcome.servedBy.credentialId,
          }
        : {}),
      status: (outcome.error ? 'FAILED' : 'COMPLETED') as TaskStatus,
      renderedPrompt: outcome.renderedPrompt,
      providerRequest: outcome.providerRequest as object,
      rawResponse: outcome.rawResponse as object,
      output: outcome.result?.output ?? null,
      usage: outcome.result?.usage ?? null,
      properties: (outcome.result?.properties ?? null) as never,
      timings: outcome.timings,
      latencyMs: outcome.latencyMs,
      error,
      // The claim counter has done its job (fencing) once the task finishes: from here on it counts
      // provider calls. An outcome without a log (a proxy call, made once) keeps the task's own count.
      ...(outcome.attempts ? { attempts: outcome.attempts.length, attemptsLog: outcome.attempts } : {}),
      leaseUntil: null,
    };
  }

  /**
   * Records the outcome; only the worker whose claim holds the task (`attempt`, the claim counter)
   * may finish it, and only once. The same UPDATE then sets `attempts` to the provider calls made.
   */
  async finish(id: string, attempt: number, outcome: ExecutionOutcome): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(ExecutionTaskEntity)
        .set({ ...this.outcomeColumns(outcome), completedAt: () => 'now()' })
        .where('id = :id AND status = :running AND attempts = :attempt', { id, running: 'RUNNING', attempt })
        .returning('prompt_id, connector_id')
        .execute();
      if ((result.affected ?? 0) === 0) return false;
      const row = (result.raw as { prompt_id: string | null; connector_id: string | null }[])[0];
      const cost = await this.pricing.costOf({
        connectorId: row?.connector_id ?? null,
        promptId: row?.prompt_id ?? null,
        result: outcome.result,
        rawResponse: outcome.rawResponse,
        failed: Boolean(outcome.error),
      });
      if (cost) {
        await manager.query('UPDATE prompts.execution_task SET cost = $2 WHERE id = $1', [id, cost]);
        await this.insertCost(manager, id, cost);
      }
      return true;
    });
  }

  /** Marks a task that could not be run at all (given up after its deliveries). */
  async fail(id: string, error: TaskError): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(ExecutionTaskEntity)
      .set({ status: 'FAILED', error, leaseUntil: null, completedAt: () => 'now()' })
      .where('id = :id AND status IN (:...open)', { id, open: ['PENDING', 'RUNNING'] })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async list(filter: TaskFilter): Promise<{ items: ExecutionTaskEntity[]; total: number }> {
    const query = this.dataSource.getRepository(ExecutionTaskEntity).createQueryBuilder('task');
    if (filter.promptId) query.andWhere('task.prompt_id = :promptId', { promptId: filter.promptId });
    if (filter.version) query.andWhere('task.prompt_version = :version', { version: filter.version });
    if (filter.status) query.andWhere('task.status = :status', { status: filter.status });
    if (filter.kind) query.andWhere('task.kind = :kind', { kind: filter.kind });
    if (filter.principalId) query.andWhere('task.principal_id = :principalId', { principalId: filter.principalId });
    if (filter.from) query.andWhere('task.created_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('task.created_at < :to', { to: filter.to });
    const [items, total] = await query
      .orderBy('task.created_at', 'DESC')
      .addOrderBy('task.id', 'ASC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return { items, total };
  }
}
