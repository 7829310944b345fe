import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AttemptRecord, TaskKind, TaskStatus, TokenUsage } from '@prst/contracts';

export interface TaskError {
  name: string;
  code: string;
  description: string;
  providerStatus?: number;
}

/** One execution: what ran, for whom, what was sent and answered (credentials masked), and how long each phase took. */
@Entity({ name: 'execution_task' })
export class ExecutionTaskEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16, default: 'execution' })
  kind: TaskKind;

  @Column({ type: 'varchar', length: 8 })
  mode: 'sync' | 'async';

  @Column({ type: 'varchar', length: 16 })
  status: TaskStatus;

  /** The prompt columns are null for a proxy task (kind `proxy`), never for an execution. */
  @Column({ name: 'prompt_id', type: 'uuid', nullable: true })
  promptId: string | null;

  @Column({ name: 'prompt_version_id', type: 'uuid', nullable: true })
  promptVersionId: string | null;

  @Column({ name: 'prompt_version', type: 'varchar', length: 64, nullable: true })
  promptVersion: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  label: string | null;

  @Column({ name: 'connector_id', type: 'uuid' })
  connectorId: string;

  @Column({ name: 'connector_version_id', type: 'uuid' })
  connectorVersionId: string;

  @Column({ name: 'connector_version', type: 'varchar', length: 64 })
  connectorVersion: string;

  @Column({ name: 'credential_id', type: 'uuid', nullable: true })
  credentialId: string | null;

  @Column({ name: 'principal_id', type: 'varchar', length: 128, nullable: true })
  principalId: string | null;

  @Column({ name: 'principal_type', type: 'varchar', length: 32, nullable: true })
  principalType: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  parameters: Record<string, unknown>;

  @Column({ name: 'rendered_prompt', type: 'text', nullable: true })
  renderedPrompt: string | null;

  @Column({ name: 'provider_request', type: 'jsonb', nullable: true })
  providerRequest: unknown;

  @Column({ name: 'raw_response', type: 'jsonb', nullable: true })
  rawResponse: unknown;

  @Column({ type: 'text', nullable: true })
  output: string | null;

  @Column({ type: 'jsonb', nullable: true })
  usage: TokenUsage | null;

  @Column({ type: 'jsonb', nullable: true })
  properties: Record<string, unknown> | null;

  /** Cost per currency (decimal text), from the pricing rules in scope when the task finished; the numeric copy is in execution_task_cost. */
  @Column({ type: 'jsonb', nullable: true })
  cost: Record<string, string> | null;

  @Column({ type: 'jsonb', nullable: true })
  timings: Record<string, number> | null;

  @Column({ name: 'latency_ms', type: 'integer', nullable: true })
  latencyMs: number | null;

  @Column({ type: 'jsonb', nullable: true })
  error: TaskError | null;

  /** Provider calls made; while an async task is queued or running, how often a worker claimed it. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'attempts_log', type: 'jsonb', default: () => "'[]'" })
  attemptsLog: AttemptRecord[];

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
