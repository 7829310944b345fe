import { NestedType, NumberFromText } from '../nested.js';
import {
  Allow,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import { LABEL_PATTERN, ListRequest } from '../prompts/prompt.messages.js';
import { STREAM_ID_PATTERN } from '../proxy/proxy.messages.js';

export const TASK_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** What a task records: a prompt execution, or a call through the provider proxy (no prompt). */
export const TASK_KINDS = ['execution', 'proxy'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export class PromptTarget {
  @IsUUID()
  id: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  version?: string;

  @IsOptional()
  @Matches(LABEL_PATTERN)
  label?: string;
}

/**
 * `POST /executions`. The target is `prompt: {id, version}` , `prompt: {id, label}`, `prompt: {id}`
 * (the latest published version) or `promptVersionId`. Parameters are an object
 * `{"name": value}` or a list `[{"name": …, "value": …}]`.
 */
export class RunExecutionRequest {
  @IsOptional()
  @ValidateNested()
  @NestedType(PromptTarget)
  prompt?: PromptTarget;

  @IsOptional()
  @IsUUID()
  promptVersionId?: string;

  /** An object or a list of `{name, value}`; checked against the version's declared parameters. */
  @Allow()
  parameters?: unknown;

  @IsOptional()
  @IsBoolean()
  async?: boolean;

  /** Answer `text/event-stream` in the provider's own event format (OpenAI- and Anthropic-format connectors). */
  @IsOptional()
  @IsBoolean()
  stream?: boolean;

  /** Set by the gateway with `stream`: the id of the NATS subjects the streamed answer travels on. */
  @IsOptional()
  @Matches(STREAM_ID_PATTERN)
  streamId?: string;
}

export class ExecutionIdRequest {
  @IsUUID()
  id: string;
}

export class ListExecutionsRequest extends ListRequest {
  @IsOptional()
  @IsUUID()
  promptId?: string;

  @IsOptional()
  @IsString()
  version?: string;

  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @IsOptional()
  @IsIn(TASK_KINDS)
  kind?: TaskKind;

  @IsOptional()
  @IsString()
  principalId?: string;

  @IsOptional()
  @IsISO8601()
  from?: string;

  @IsOptional()
  @IsISO8601()
  to?: string;
}

export interface TokenUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
}

/** One call to a provider within an execution (retries and fallbacks each make one). */
export interface AttemptRecord {
  /** 1-based, over every connector version tried. */
  attempt: number;
  connectorId: string;
  connectorVersion: string;
  /** 0 for the prompt version's own connector, n for its n-th fallback. */
  fallback: number;
  /** HTTP status of the provider's answer; null when none came (timeout, connection error). */
  status: number | null;
  /** Error name of a failed attempt (PROVIDER_ERROR, PROVIDER_TIMEOUT, …); null for the successful one. */
  error: string | null;
  latencyMs: number;
  /** How long the executor waited (backoff or Retry-After) before this attempt, in milliseconds. */
  waitMs: number;
}

/** The answer of a sync execution (and the summary of a finished async one). */
export interface ExecutionResultView {
  id: string;
  kind: TaskKind;
  status: TaskStatus;
  output: string | null;
  usage: TokenUsage | null;
  properties: Record<string, unknown>;
  latencyMs: number | null;
  /** Cost per currency (ISO 4217 code → decimal text) from the pricing rules in scope; null when none applied. */
  cost: Record<string, string> | null;
  /** Null for a proxy task. */
  prompt: { id: string; version: string; versionId: string; label: string | null } | null;
  connector: { id: string; version: string };
}

export interface ExecutionAcceptedView {
  id: string;
  status: 'PENDING';
}

/** `GET /executions/:id`: the task with its debug details; credentials appear only as `***`. */
export interface ExecutionDetailView extends ExecutionResultView {
  mode: 'sync' | 'async';
  principal: { id: string | null; type: string | null };
  parameters: Record<string, unknown>;
  renderedPrompt: string | null;
  providerRequest: unknown;
  rawResponse: unknown;
  timings: Record<string, number>;
  /** Provider calls made (retries and fallbacks included) and each one's record. */
  attempts: number;
  attemptsLog: AttemptRecord[];
  error: { name: string; code: string; description: string; providerStatus?: number } | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}
