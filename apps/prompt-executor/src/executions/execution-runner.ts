import { Inject, Injectable, Logger } from '@nestjs/common';
import { PrstError, type CallerContext, type ErrorName } from '@prst/contracts';
import type { ResolvedTarget } from '../catalog/execution-catalog.js';
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
import { AuthExtractionError, AuthTokens, extractAuthValues } from './auth-tokens.js';

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
}

/** Response statuses that mean "these credentials are no longer good": cached copies are dropped. */
const AUTH_REJECTED = new Set([401, 403]);

/**
 * Runs one execution: renders the prompt and the connector's request, resolves the credential,
 * performs the auth pre-request (cached), calls the provider and maps its answer. Never throws for
 * a failed execution: the failure is part of the outcome so that it can be recorded.
 */
@Injectable()
export class ExecutionRunner {
  private readonly logger = new Logger(ExecutionRunner.name);

  constructor(
    private readonly credentials: CredentialResolver,
    private readonly authTokens: AuthTokens,
    private readonly provider: ProviderClient,
    @Inject(EXECUTOR_ENV) private readonly env: PromptExecutorEnv,
  ) {}

  async run(plan: ExecutionPlan, context: CallerContext): Promise<ExecutionOutcome> {
    const started = performance.now();
    const timings: Record<string, number> = {};
    const mark = (phase: string, since: number) => (timings[phase] = Math.round((performance.now() - since) * 100) / 100);
    const secrets: string[] = [];
    const outcome: ExecutionOutcome = { renderedPrompt: null, providerRequest: null, rawResponse: null, timings, latencyMs: 0 };
    const { target } = plan;
    const template = target.connectorVersion.template;
    const timeoutMs = template.timeoutMs ?? this.env.EXECUTION_DEFAULT_TIMEOUT_MS;
    const authKey = `${target.connectorVersion.id}|${plan.credentialId ?? '-'}`;
    let request: RenderedRequest | undefined;
    try {
      let since = performance.now();
      outcome.renderedPrompt = renderBody(target.version.body, plan.parameters);
      mark('renderPromptMs', since);

      since = performance.now();
      const credentials = await this.credentialsFor(plan, context);
      secrets.push(...Object.values(credentials));
      mark('credentialMs', since);

      const scope: RenderScope = {
        prompt: outcome.renderedPrompt,
        parameters: plan.parameters,
        proxy: target.version.proxyParameters ?? {},
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
        mark('authMs', since);
      }

      since = performance.now();
      request = renderRequest(template.request, scope);
      outcome.providerRequest = maskSecrets(request, secrets);
      mark('renderRequestMs', since);

      since = performance.now();
      const answer: ProviderResponse = await this.provider.send(request, timeoutMs);
      mark('providerMs', since);
      outcome.rawResponse = maskSecrets(answer.body, secrets);
      outcome.providerStatus = answer.status;
      if (answer.status >= 400) {
        if (AUTH_REJECTED.has(answer.status)) this.forgetSecrets(plan, authKey);
        throw new PrstError('PROVIDER_ERROR', `The provider answered HTTP ${answer.status}.`, [`providerStatus=${answer.status}`]);
      }

      since = performance.now();
      outcome.result = mapResponse(template.response, answer.body);
      mark('mappingMs', since);
    } catch (error) {
      outcome.error = this.toPrstError(error);
      if (request && outcome.providerRequest === null) outcome.providerRequest = maskSecrets(request, secrets);
    }
    outcome.latencyMs = Math.round(performance.now() - started);
    timings.totalMs = outcome.latencyMs;
    return outcome;
  }

  private async credentialsFor(plan: ExecutionPlan, context: CallerContext): Promise<Record<string, string>> {
    const slots = credentialSlotsOf(plan.target.connectorVersion.template);
    if (!slots.length) return {};
    if (!plan.credentialId) {
      throw new PrstError(
        'CREDENTIAL_MISSING',
        `Connector "${plan.target.connector.name}" needs a credential (${slots.join(', ')}); give the prompt version or the connector a credentialId.`,
      );
    }
    return this.credentials.resolve(plan.credentialId, context);
  }

  private forgetSecrets(plan: ExecutionPlan, authKey: string): void {
    if (plan.credentialId) this.credentials.forget(plan.credentialId);
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
    if (error instanceof AuthExtractionError) return named('AUTH_REQUEST_FAILED', `The connector's auth request failed: ${error.message}.`);
    // Only the message: a stack or request could carry rendered values; the logger redacts secrets.
    this.logger.error(`execution failed unexpectedly: ${(error as Error)?.message ?? String(error)}`);
    return named('INTERNAL_ERROR', 'The execution failed unexpectedly.');
  }
}
