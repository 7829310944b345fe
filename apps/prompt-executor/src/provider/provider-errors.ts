import { Logger } from '@nestjs/common';
import { PrstError } from '@prst/contracts';
import { EgressRefusedError } from '../egress/egress-policy.js';
import { AuthExtractionError } from '../executions/auth-tokens.js';
import { TemplateRenderError } from '../templating/connector-template.js';
import { ProviderCancelledError, ProviderTimeoutError, ProviderUnreachableError } from './provider-client.js';

const logger = new Logger('ProviderCall');

/** The error a client (and the stored task) sees for anything that went wrong around a provider call. */
export function providerFailure(error: unknown): PrstError {
  if (error instanceof PrstError) return error;
  if (error instanceof TemplateRenderError) {
    const missingCredential = error.problems.some((problem) => problem.includes('credential value'));
    return new PrstError(
      missingCredential ? 'CREDENTIAL_MISSING' : 'CONNECTOR_TEMPLATE_INVALID',
      `The connector request cannot be built: ${error.problems.join('; ')}.`,
      error.problems,
    );
  }
  if (error instanceof EgressRefusedError) return new PrstError('EGRESS_REFUSED', `The executor refused to call the provider: ${error.message}.`);
  if (error instanceof ProviderCancelledError) return new PrstError('REQUEST_CANCELLED', 'The client went away, so the provider call was cancelled.');
  if (error instanceof ProviderTimeoutError) return new PrstError('PROVIDER_TIMEOUT', `The provider did not answer in time: ${error.message}.`);
  if (error instanceof ProviderUnreachableError) return new PrstError('PROVIDER_UNREACHABLE', `The provider could not be reached: ${error.message}.`);
  if (error instanceof AuthExtractionError) return new PrstError('AUTH_REQUEST_FAILED', `The connector's auth request failed: ${error.message}.`);
  // Only the message: a stack or request could carry rendered values; the logger redacts secrets.
  logger.error(`provider call failed unexpectedly: ${(error as Error)?.message ?? String(error)}`);
  return new PrstError('INTERNAL_ERROR', 'The provider call failed unexpectedly.');
}
