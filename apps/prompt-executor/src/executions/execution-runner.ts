import { Inject, Injectable, Logger } from '@nestjs/common';
import { PrstError, type AttemptRecord, type CallerContext, type ErrorName } from '@prst/contracts';
import { ExecutionCatalog, type ResolvedTarget } from '../catalog/execution-catalog.js';
import type { ConnectorEntity, ConnectorVersionEntity } from '../connectors/connector.entity.js';
import { EXECUTOR_ENV, type PromptExecutorEnv } from '../config/prompt-executor-env.js';
import { CredentialResolver } from '../credentials/credential-resolver.js';
import { EgressRefusedError } from '../egress/egress-policy.js';
import { ProviderClient, ProviderTimeoutError, ProviderUnreachableError, type ProviderResponse } from '../provider/provider-client.js';
import {
  TemplateRenderError,
  credentialSlotsOf,
  maskSecrets,
  renderRequest,
  type RenderScope,
  type RenderedRequest,
} from '../templating/connector-template.js';
import { renderBody } from '../templating/prompt-body.js';
import { ResponseMappingError, mapResponse, type MappedResponse } from '../templating/response-mapping.js';
import { callWithResilience, NoAttemptMadeError, type AttemptInfo, type AttemptResult, type AttemptTarget } from '../resilience/resilient-call.js';
import { isRetryableStatus, parseRetryAfter, retrySettings } from '../resilience/retry-policy.js';
import { AuthExtractionError, AuthTokens, extractAuthValues } from './auth-tokens.js';

const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;

export interface ExecutionPlan {
  target: ResolvedTarget;
  /** Checked parameter values, defaults applied. */
  parameters: Record<string, unknown>;
  credentialId: string | null;
}

/** What one run produced; secrets in the request and answer are already replaced by `***`. */
export interface ExecutionOutcome {
  renderedPrompt: string | null;
  providerRequest: unknown;
  rawResponse: unknown;
  result?: MappedResponse;
  error?: PrstError;
  providerStatus?: number;
  timings: Record<string, number>;
  latencyMs: number;
  /** Every provider call made (retries, fallbacks); absent when none was made. */
  attempts?: AttemptRecord[];
  /** The connector version that produced the outcome, when a fallback took over from the planned one. */
  servedBy?: { connectorId: string; connectorVersionId: string; connectorVersion: string; credentialId: string | null };
}

/** A connector version an execution may call: the planned one or one of its fallbacks. */
interface RunTarget extends AttemptTarget {
  connector: ConnectorEntity;
  version: ConnectorVersionEntity;
  credentialId: string | null;
}

/** What one attempt left behind for the task record. */
interface AttemptOutput {
  providerRequest: unknown;
  rawResponse: unknown;
  result?: MappedResponse;
  error?: PrstError;
  providerStatus?: number;
}

/** Response statuses that mean "these credentials are no longer good": cached copies are dropped. */
const AUTH_REJECTED = new Set([401, 403]);

/**
 * Runs one execution: renders the prompt, then calls the connector version — and, when it keeps
 * failing, its fallbacks — through the resilience loop; each attempt resolves the credential,
 * performs the auth pre-request (cached), calls the provider and maps its answer. Never throws for a
 * failed execution: the failure is part of the outcome so that it can be recorded.
 */
@Injectable()
export class ExecutionRunner {
  private readonly logger = new Logger(ExecutionRunner.name);

  constructor(
    private readonly credentials: CredentialResolver,
    private readonly authTokens: AuthTokens,
    private readonly provider: ProviderClient,
    private readonly catalog: ExecutionCatalog,
    @Inject(EXECUTOR_ENV) private readonly env: PromptExecutorEnv,
  ) {}

  async run(plan: ExecutionPlan, context: CallerContext, signal?: AbortSignal): Promise<ExecutionOutcome> {
    const started = performance.now();
    const timings: Record<string, number> = {};
    const outcome: ExecutionOutcome = { renderedPrompt: null, providerRequest: null, rawResponse: null, timings, latencyMs: 0 };
    const { target } = plan;
    try {
      const since = performance.now();
      outcome.renderedPrompt = renderBody(target.version.body, plan.parameters);
      timings.renderPromptMs = elapsed(since);
      const primary: RunTarget = this.runTarget(target.connector, target.connectorVersion, plan.credentialId);
      const fallbacks = (target.connectorVersion.template.fallbacks ?? []).map(
        (fallback) => async () => {
          const found = await this.catalog.resolveConnector(fallback.connectorId, fallback.version);
          return this.runTarget(found.connector, found.version, found.connector.credentialId);
        },
      );
      const renderedPrompt = outcome.renderedPrompt;
      const run = await callWithResilience<AttemptOutput, RunTarget>(
        [primary, ...fallbacks],
        (runTarget, info) => this.attempt(plan, runTarget, renderedPrompt, info, timings, context),
        {
          deadline: started + this.env.EXECUTION_DEADLINE_MS,
          signal,
          onSkippedTarget: (error) => this.logger.warn(`a fallback connector version was skipped: ${(error as Error)?.message ?? String(error)}`),
        },
      );
      Object.assign(outcome, run.value);
      outcome.attempts = run.attempts;
      if (run.target !== primary) {
        outcome.servedBy = {
          connectorId: run.target.connector.id,
          connectorVersionId: run.target.version.id,
          connectorVersion: run.target.version.version,
          credentialId: run.target.credentialId,
        };
      }
    } catch (error) {
      outcome.error = this.toPrstError(error);
    }
    outcome.attempts ??= [];
    outcome.latencyMs = Math.round(performance.now() - started);
    timings.totalMs = outcome.latencyMs;
    return outcome;
  }

  private runTarget(connector: ConnectorEntity, version: ConnectorVersionEntity, credentialId: string | null): RunTarget {
    return { connectorId: connector.id, connectorVersion: version.version, retry: retrySettings(version.template.retry), connector, version, credentialId };
  }

  /** One call of one connector version, classified for the resilience loop. */
  private async attempt(
    plan: ExecutionPlan,
    runTarget: RunTarget,
    renderedPrompt: string,
    info: AttemptInfo,
    timings: Record<string, number>,
    context: CallerContext,
  ): Promise<AttemptResult<AttemptOutput>> {
    const template = runTarget.version.template;
    const timeoutMs = Math.max(1, Math.min(template.timeoutMs ?? this.env.EXECUTION_DEFAULT_TIMEOUT_MS, info.remainingMs));
    const authKey = `${runTarget.version.id}|${runTarget.credentialId ?? '-'}`;
    const secrets: string[] = [];
    const output: AttemptOutput = { providerRequest: null, rawResponse: null };
    let request: RenderedRequest | undefined;
    try {
      let since = performance.now();
      const credentials = await this.credentialsFor(runTarget, context);
      secrets.push(...Object.values(credentials));
      timings.credentialMs = elapsed(since);

      const scope: RenderScope = {
        prompt: renderedPrompt,
        parameters: plan.parameters,
        proxy: plan.target.version.proxyParameters ?? {},
        credentials,
        auth: {},
      };
      if (template.authRequest) {
        since = performance.now();
        const authRequest = template.authRequest;
        const auth = await this.authTokens.get(authKey, async () => {
          const rendered = renderRequest(authRequest, { ...scope, auth: undefined });
          const answer = await this.provider.send(rendered, timeoutMs);
          if (answer.status >= 400) {
            throw new PrstError('AUTH_REQUEST_FAILED', `The connector's auth request answered HTTP ${answer.status}.`, [`authStatus=${answer.status}`]);
          }
          return extractAuthValues(authRequest, answer.body);
        });
        scope.auth = auth.values;
        for (const value of Object.values(auth.values)) if (typeof value === 'string') secrets.push(value);
        timings.authMs = elapsed(since);
      }

      since = performance.now();
      request = renderRequest(template.request, scope);
      output.providerRequest = maskSecrets(request, secrets);
      timings.renderRequestMs = elapsed(since);

      since = performance.now();
      const answer: ProviderResponse = await this.provider.send(request, timeoutMs);
      timings.providerMs = elapsed(since);
      output.rawResponse = maskSecrets(answer.body, secrets);
      output.providerStatus = answer.status;
      if (answer.status >= 400) {
        if (AUTH_REJECTED.has(answer.status)) this.forgetSecrets(runTarget, authKey);
        output.error = new PrstError('PROVIDER_ERROR', `The provider answered HTTP ${answer.status}.`, [`providerStatus=${answer.status}`]);
        return {
          verdict: isRetryableStatus(answer.status) ? 'transient' : 'failed',
          value: output,
          status: answer.status,
          error: output.error.name,
          retryAfterMs: parseRetryAfter(answer.headers['retry-after']),
        };
      }

      since = performance.now();
      output.result = mapResponse(template.response, answer.body);
      timings.mappingMs = elapsed(since);
      return { verdict: 'success', value: output, status: answer.status };
    } catch (error) {
      output.error = this.toPrstError(error);
      if (request && output.providerRequest === null) output.providerRequest = maskSecrets(request, secrets);
      const transient = error instanceof ProviderTimeoutError || error instanceof ProviderUnreachableError;
      return { verdict: transient ? 'transient' : 'failed', value: output, status: output.providerStatus ?? null, error: output.error.name };
    }
  }

  private async credentialsFor(target: RunTarget, context: CallerContext): Promise<Record<string, string>> {
    const slots = credentialSlotsOf(target.version.template);
    if (!slots.length) return {};
    if (!target.credentialId) {
      throw new PrstError(
        'CREDENTIAL_MISSING',
        `Connector "${target.connector.name}" needs a credential (${slots.join(', ')}); give the prompt version or the connector a credentialId.`,
      );
    }
    return this.credentials.resolve(target.credentialId, context);
  }

  private forgetSecrets(target: RunTarget, authKey: string): void {
    if (target.credentialId) this.credentials.forget(target.credentialId);
    this.authTokens.forget(authKey);
  }

  private toPrstError(error: unknown): PrstError {
    if (error instanceof PrstError) return error;
    const named = (name: ErrorName, description: string) => new PrstError(name, description);
    if (error instanceof TemplateRenderError) {
      const missingCredential = error.problems.some((problem) => problem.includes('credential value'));
      return new PrstError(
        missingCredential ? 'CREDENTIAL_MISSING' : 'CONNECTOR_TEMPLATE_INVALID',
        `The connector request cannot be built: ${error.problems.join('; ')}.`,
        error.problems,
      );
    }
    if (error instanceof EgressRefusedError) return named('EGRESS_REFUSED', `The executor refused to call the provider: ${error.message}.`);
    if (error instanceof ProviderTimeoutError) return named('PROVIDER_TIMEOUT', `The provider did not answer in time: ${error.message}.`);
    if (error instanceof ProviderUnreachableError) return named('PROVIDER_UNREACHABLE', `The provider could not be reached: ${error.message}.`);
    if (error instanceof ResponseMappingError) {
      return new PrstError('RESPONSE_MAPPING_FAILED', `The provider's answer does not fit the connector's response mapping: ${error.message}.`, [
        `path=${error.path}`,
      ]);
    }
    if (error instanceof NoAttemptMadeError) return named('PROVIDER_TIMEOUT', 'The execution ran out of time before the provider could be called.');
    if (error instanceof AuthExtractionError) return named('AUTH_REQUEST_FAILED', `The connector's auth request failed: ${error.message}.`);
    // Only the message: a stack or request could carry rendered values; the logger redacts secrets.
    this.logger.error(`execution failed unexpectedly: ${(error as Error)?.message ?? String(error)}`);
    return named('INTERNAL_ERROR', 'The execution failed unexpectedly.');
  }
}
