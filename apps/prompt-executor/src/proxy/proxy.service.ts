import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  PrstError,
  type AuditEventInput,
  type CallerContext,
  type ProxyCallReply,
  type ProxyCallRequest,
  type ProxyFormat,
} from '@prst/contracts';
import { AuditPublisher, StreamPublisher } from '@prst/messaging';
import { EXECUTOR_ENV, type PromptExecutorEnv } from '../config/prompt-executor-env.js';
import { ConnectorSecrets, type SecretsTarget } from '../credentials/connector-secrets.js';
import type { ExecutionOutcome } from '../executions/execution-runner.js';
import { ExecutionsRepository, type NewTask } from '../executions/executions.repository.js';
import { singleAttempt } from '../executions/single-attempt.js';
import { ProviderClient, type ProviderStream } from '../provider/provider-client.js';
import { providerFailure } from '../provider/provider-errors.js';
import { StreamPump } from '../streaming/stream-pump.js';
import { resultOfAnswer, type ProviderResult } from '../streaming/wire-format.js';
import { maskSecrets, renderRequest, type RenderedRequest } from '../templating/connector-template.js';
import type { MappedResponse } from '../templating/response-mapping.js';
import { bodyProblems, withConnectorDefaults } from './proxy-body.js';
import { ProxyTargets, type ProxyTarget } from './proxy-targets.js';

/** Response statuses that mean "these credentials are no longer good": cached copies are dropped. */
const AUTH_REJECTED = new Set([401, 403]);

const FORMAT_NAMES: Record<ProxyFormat, string> = { openai: 'OpenAI chat completions', anthropic: 'Anthropic messages' };

const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;

/** A whole answer's text as JSON when it is JSON (what the task stores), else the text. */
function parsed(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The task columns take the executions' mapped shape. A proxy answer may lack text (a tool call) or
 * usage (a stream without include_usage): usage is then all nulls, never absent, so pricing and
 * audit code can read its fields.
 */
const asMapped = (result: ProviderResult) =>
  ({ ...result, usage: result.usage ?? { inputTokens: null, outputTokens: null, totalTokens: null } }) as unknown as MappedResponse;

/**
 * The provider proxy: a caller's OpenAI- or Anthropic-format request goes to the provider of the
 * named connector (its latest version) with the stored credential, and the provider's answer comes
 * back as it is — whole, or streamed through the gateway. Each call is stored as a task of kind
 * `proxy` with one INSERT, side by side with its audit event, like a sync execution.
 */
@Injectable()
export class ProxyService {
  private readonly logger = new Logger(ProxyService.name);

  constructor(
    private readonly targets: ProxyTargets,
    private readonly secrets: ConnectorSecrets,
    private readonly provider: ProviderClient,
    private readonly pump: StreamPump,
    private readonly publisher: StreamPublisher,
    private readonly tasks: ExecutionsRepository,
    private readonly audit: AuditPublisher,
    @Inject(EXECUTOR_ENV) private readonly env: PromptExecutorEnv,
  ) {}

  async call(request: ProxyCallRequest, context: CallerContext): Promise<ProxyCallReply> {
    const started = performance.now();
    const target = await this.targets.resolve(request.connectorId);
    this.assertFormat(target, request.format);
    const problems = bodyProblems(request.format, request.body);
    if (problems.length) throw new PrstError('VALIDATION_FAILED', `The request is invalid: ${problems.join('; ')}.`, problems);
    const streaming = request.body.stream === true;
    if (streaming && !request.streamId) throw new PrstError('VALIDATION_FAILED', 'A streamed call needs a stream id.', ['streamId is required with stream']);

    const credentialId = request.credentialId ?? target.connector.credentialId ?? null;
    const secretsTarget: SecretsTarget = {
      connectorName: target.connector.name,
      connectorVersionId: target.version.id,
      template: target.version.template,
      credentialId,
    };
    const task = this.newTask(target, credentialId, context);
    const timings: Record<string, number> = {};
    const outcome: ExecutionOutcome = { renderedPrompt: null, providerRequest: null, rawResponse: null, timings, latencyMs: 0 };
    const timeoutMs = target.version.template.timeoutMs ?? this.env.EXECUTION_DEFAULT_TIMEOUT_MS;
    const cancel = new AbortController();
    const stopListening = streaming ? this.publisher.onCancel(request.streamId!, () => cancel.abort()) : undefined;
    const finish = (since: number) => {
      outcome.latencyMs = Math.round(performance.now() - since);
      timings.totalMs = outcome.latencyMs;
    };

    let secrets: string[] = [];
    let answer: ProviderStream;
    try {
      let since = performance.now();
      const access = await this.secrets.access(secretsTarget, timeoutMs, context);
      secrets = access.secrets;
      timings.credentialMs = elapsed(since);
      const body = withConnectorDefaults(request.format, request.body, target.version.template);
      const bodyText = JSON.stringify(body);
      const rendered = this.providerRequest(target, access.credentials, access.auth);
      outcome.providerRequest = { ...maskSecrets(rendered, secrets), body: this.masked(body, bodyText, secrets) };
      since = performance.now();
      answer = await this.provider.open(rendered, { timeoutMs, signal: cancel.signal, totalTimeout: !streaming, bodyText });
      timings.providerMs = elapsed(since);
    } catch (error) {
      stopListening?.();
      outcome.error = providerFailure(error);
      finish(started);
      await this.record(task, outcome, request.format, streaming, context);
      throw outcome.error;
    }
    outcome.providerStatus = answer.status;
    if (AUTH_REJECTED.has(answer.status)) this.secrets.forget(secretsTarget);

    if (streaming && answer.status < 400) {
      // Answer now (the gateway starts the event stream); the body follows on the stream's subject.
      void this.relay(answer, request.streamId!, request.format, task, outcome, secrets, started, context).finally(stopListening);
      return { taskId: task.id, status: answer.status, contentType: answer.headers['content-type'] ?? 'text/event-stream', streaming: true, format: request.format };
    }

    stopListening?.();
    let text: string;
    try {
      text = await answer.text();
    } catch (error) {
      outcome.error = providerFailure(error);
      finish(started);
      await this.record(task, outcome, request.format, streaming, context);
      throw outcome.error;
    }
    const body = parsed(text);
    outcome.rawResponse = this.masked(body, text, secrets);
    if (answer.status >= 400) {
      outcome.error = new PrstError('PROVIDER_ERROR', `The provider answered HTTP ${answer.status}.`, [`providerStatus=${answer.status}`]);
    } else {
      outcome.result = asMapped(resultOfAnswer(request.format, body));
    }
    finish(started);
    await this.record(task, outcome, request.format, streaming, context);
    // The provider's own answer, errors included: the SDKs parse their provider's error format.
    return { taskId: task.id, status: answer.status, contentType: answer.headers['content-type'] ?? 'application/json', body: text };
  }

  /** Relays the stream, stores the task, then tells the gateway the stream is over. Never throws. */
  private async relay(
    answer: ProviderStream,
    streamId: string,
    format: ProxyFormat,
    task: NewTask,
    outcome: ExecutionOutcome,
    secrets: string[],
    started: number,
    context: CallerContext,
  ): Promise<void> {
    const since = performance.now();
    const pumped = await this.pump.relay(answer, streamId, format);
    outcome.timings.streamMs = elapsed(since);
    outcome.result = asMapped(pumped.result);
    outcome.rawResponse = maskSecrets(pumped.events, secrets);
    if (pumped.error) outcome.error = pumped.error;
    outcome.latencyMs = Math.round(performance.now() - started);
    outcome.timings.totalMs = outcome.latencyMs;
    try {
      await this.record(task, outcome, format, true, context);
    } catch (error) {
      this.logger.error(`could not store proxy task ${task.id}: ${(error as Error)?.message}`);
    }
    // An in-stream provider error already reached the client in the provider's format: a normal end.
    if (pumped.error && pumped.error.name !== 'PROVIDER_ERROR') this.publisher.fail(streamId, pumped.error);
    else this.publisher.end(streamId);
  }

  private assertFormat(target: ProxyTarget, format: ProxyFormat): void {
    if (target.format === format) return;
    const speaks = target.format ? `speaks ${FORMAT_NAMES[target.format]}` : 'speaks neither OpenAI chat completions nor Anthropic messages';
    const route = target.format === 'openai' ? '/chat/completions' : target.format === 'anthropic' ? '/messages' : null;
    throw new PrstError(
      'PROXY_FORMAT_MISMATCH',
      `Connector "${target.connector.name}" ${speaks}, so it cannot take a ${FORMAT_NAMES[format]} request${route ? `; use /api/v1/proxy/${target.connector.id}${route}` : ''}.`,
    );
  }

  /** The connector's own address and authentication headers; the body is the caller's. */
  private providerRequest(target: ProxyTarget, credentials: Record<string, string>, auth: Record<string, unknown>): RenderedRequest {
    const { method, url, headers } = target.version.template.request;
    const rendered = renderRequest({ method, url, headers }, { credentials, auth, proxy: {} });
    rendered.headers['content-type'] = 'application/json';
    return rendered;
  }

  /** Masks secrets in a value only when its text contains one (the common case costs a substring search). */
  private masked(value: unknown, text: string, secrets: string[]): unknown {
    return secrets.some((secret) => secret.length >= 4 && text.includes(secret)) ? maskSecrets(value, secrets) : value;
  }

  private async record(task: NewTask, outcome: ExecutionOutcome, format: ProxyFormat, stream: boolean, context: CallerContext): Promise<void> {
    outcome.attempts = singleAttempt(task, outcome);
    await Promise.all([this.tasks.insertFinished(task, outcome), this.audit.publish(this.auditEvent(task, outcome, format, stream), context)]);
  }

  private auditEvent(task: NewTask, outcome: ExecutionOutcome, format: ProxyFormat, stream: boolean): AuditEventInput {
    const usage = outcome.result?.usage;
    return {
      action: outcome.error ? 'proxy.failed' : 'proxy.completed',
      outcome: outcome.error ? 'failure' : 'success',
      resource: { type: 'execution', id: task.id },
      details: {
        kind: 'proxy',
        format,
        stream,
        connectorId: task.connectorId,
        connectorVersion: task.connectorVersion,
        latencyMs: outcome.latencyMs,
        // Plain names: the audit redactor masks any key that mentions tokens.
        ...(usage ? { usage: { input: usage.inputTokens, output: usage.outputTokens } } : {}),
        ...(outcome.error ? { error: outcome.error.name, providerStatus: outcome.providerStatus ?? null } : {}),
      },
    };
  }

  private newTask(target: ProxyTarget, credentialId: string | null, context: CallerContext): NewTask {
    return {
      id: randomUUID(),
      kind: 'proxy',
      mode: 'sync',
      status: 'RUNNING',
      promptId: null,
      promptVersionId: null,
      promptVersion: null,
      label: null,
      connectorId: target.connector.id,
      connectorVersionId: target.version.id,
      connectorVersion: target.version.version,
      credentialId,
      principalId: context.principalId ?? null,
      principalType: context.principalType ?? null,
      requestId: context.requestId ?? null,
      parameters: {},
      startedAt: new Date(),
      attempts: 1,
    };
  }
}
