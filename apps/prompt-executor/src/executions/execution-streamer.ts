import { Inject, Injectable, Logger } from '@nestjs/common';
import { PrstError, type CallerContext, type ProxyCallReply, type ProxyFormat } from '@prst/contracts';
import { StreamPublisher } from '@prst/messaging';
import { EXECUTOR_ENV, type PromptExecutorEnv } from '../config/prompt-executor-env.js';
import { ConnectorSecrets, type SecretsTarget } from '../credentials/connector-secrets.js';
import { ProviderClient, type ProviderStream } from '../provider/provider-client.js';
import { providerFailure } from '../provider/provider-errors.js';
import { StreamPump } from '../streaming/stream-pump.js';
import { wireFormatOf } from '../streaming/wire-format.js';
import { maskSecrets, renderRequest } from '../templating/connector-template.js';
import { renderBody } from '../templating/prompt-body.js';
import type { MappedResponse } from '../templating/response-mapping.js';
import type { ExecutionOutcome, ExecutionPlan } from './execution-runner.js';
import { singleAttempt } from './single-attempt.js';

const AUTH_REJECTED = new Set([401, 403]);
const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;

/** Stores a finished outcome (the task row and its audit event). */
export type RecordOutcome = (outcome: ExecutionOutcome) => Promise<void>;

/** The streamed answer's head, or the failure to store and answer before anything was streamed. */
export type StreamStart = { reply: ProxyCallReply } | { failed: ExecutionOutcome };

/**
 * Runs a sync execution with `"stream": true`: the connector's request goes out with `stream: true`,
 * the provider's events are relayed to the gateway as they arrive, and the task is stored once the
 * stream ends with the text rebuilt from the events. Only OpenAI- and Anthropic-format connectors
 * stream; retries and fallbacks do not apply once bytes reached the client.
 */
@Injectable()
export class ExecutionStreamer {
  private readonly logger = new Logger(ExecutionStreamer.name);

  constructor(
    private readonly secrets: ConnectorSecrets,
    private readonly provider: ProviderClient,
    private readonly pump: StreamPump,
    private readonly publisher: StreamPublisher,
    @Inject(EXECUTOR_ENV) private readonly env: PromptExecutorEnv,
  ) {}

  /** The wire format the plan's connector streams in; refuses the others before any task exists. */
  formatOf(plan: ExecutionPlan): ProxyFormat {
    const format = wireFormatOf(plan.target.connectorVersion.template);
    if (!format) {
      throw new PrstError(
        'STREAMING_UNSUPPORTED',
        `Connector "${plan.target.connector.name}" is neither OpenAI chat completions nor Anthropic messages, so its answers cannot be streamed; run without "stream".`,
      );
    }
    return format;
  }

  async start(plan: ExecutionPlan, format: ProxyFormat, taskId: string, streamId: string, record: RecordOutcome, context: CallerContext): Promise<StreamStart> {
    const started = performance.now();
    const timings: Record<string, number> = {};
    const outcome: ExecutionOutcome = { renderedPrompt: null, providerRequest: null, rawResponse: null, timings, latencyMs: 0 };
    const { target } = plan;
    const template = target.connectorVersion.template;
    const timeoutMs = template.timeoutMs ?? this.env.EXECUTION_DEFAULT_TIMEOUT_MS;
    const secretsTarget: SecretsTarget = {
      connectorName: target.connector.name,
      connectorVersionId: target.connectorVersion.id,
      template,
      credentialId: plan.credentialId,
    };
    const cancel = new AbortController();
    const stopListening = this.publisher.onCancel(streamId, () => cancel.abort());
    const finish = () => {
      outcome.latencyMs = Math.round(performance.now() - started);
      timings.totalMs = outcome.latencyMs;
      outcome.attempts = singleAttempt({ connectorId: target.connector.id, connectorVersion: target.connectorVersion.version }, outcome);
    };
    let secrets: string[] = [];
    let answer: ProviderStream;
    try {
      outcome.renderedPrompt = renderBody(target.version.body, plan.parameters);
      let since = performance.now();
      const access = await this.secrets.access(secretsTarget, timeoutMs, context);
      secrets = access.secrets;
      timings.credentialMs = elapsed(since);
      const request = renderRequest(template.request, {
        prompt: outcome.renderedPrompt,
        parameters: plan.parameters,
        proxy: target.version.proxyParameters ?? {},
        credentials: access.credentials,
        auth: access.auth,
      });
      request.body = { ...(request.body as Record<string, unknown>), stream: true };
      outcome.providerRequest = maskSecrets(request, secrets);
      since = performance.now();
      answer = await this.provider.open(request, { timeoutMs, signal: cancel.signal });
      timings.providerMs = elapsed(since);
    } catch (error) {
      stopListening();
      outcome.error = providerFailure(error);
      finish();
      return { failed: outcome };
    }
    outcome.providerStatus = answer.status;
    if (answer.status >= 400) {
      stopListening();
      if (AUTH_REJECTED.has(answer.status)) this.secrets.forget(secretsTarget);
      const text = await answer.text().catch(() => '');
      outcome.rawResponse = maskSecrets(parseOrText(text), secrets);
      outcome.error = new PrstError('PROVIDER_ERROR', `The provider answered HTTP ${answer.status}.`, [`providerStatus=${answer.status}`]);
      finish();
      return { failed: outcome };
    }
    void this.relay(answer, streamId, format, outcome, secrets, finish, record).finally(stopListening);
    return { reply: { taskId, status: answer.status, contentType: answer.headers['content-type'] ?? 'text/event-stream', streaming: true, format } };
  }

  private async relay(
    answer: ProviderStream,
    streamId: string,
    format: ProxyFormat,
    outcome: ExecutionOutcome,
    secrets: string[],
    finish: () => void,
    record: RecordOutcome,
  ): Promise<void> {
    const since = performance.now();
    const pumped = await this.pump.relay(answer, streamId, format);
    outcome.timings.streamMs = elapsed(since);
    // Executions always carry a usage object (null counts when the stream did not report them).
    const usage = pumped.result.usage ?? { inputTokens: null, outputTokens: null, totalTokens: null };
    outcome.result = { ...pumped.result, output: pumped.result.output ?? '', usage } as MappedResponse;
    outcome.rawResponse = maskSecrets(pumped.events, secrets);
    if (pumped.error) outcome.error = pumped.error;
    finish();
    await record(outcome).catch((error) => this.logger.error(`could not store a streamed execution: ${(error as Error)?.message}`));
    if (pumped.error && pumped.error.name !== 'PROVIDER_ERROR') this.publisher.fail(streamId, pumped.error);
    else this.publisher.end(streamId);
  }
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
