import { Injectable } from '@nestjs/common';
import { PrstError, type CallerContext, type ConnectorTemplate } from '@prst/contracts';
import { AuthTokens, extractAuthValues } from '../executions/auth-tokens.js';
import { ProviderClient } from '../provider/provider-client.js';
import { credentialSlotsOf, renderRequest } from '../templating/connector-template.js';
import { CredentialResolver } from './credential-resolver.js';

/** What a connector's request may use to authenticate, and every secret among it (to mask). */
export interface ConnectorAccess {
  credentials: Record<string, string>;
  auth: Record<string, unknown>;
  secrets: string[];
}

/** The connector a call goes through, as far as its secrets are concerned. */
export interface SecretsTarget {
  connectorName: string;
  connectorVersionId: string;
  template: ConnectorTemplate;
  credentialId: string | null;
}

/**
 * The credential values and auth pre-request results of one connector call (for calls that build
 * their own request: the proxy and streamed executions). Both are cached: the vault's answer by the
 * resolver, the pre-request by AuthTokens, shared with executions.
 */
@Injectable()
export class ConnectorSecrets {
  constructor(
    private readonly credentials: CredentialResolver,
    private readonly authTokens: AuthTokens,
    private readonly provider: ProviderClient,
  ) {}

  async access(target: SecretsTarget, timeoutMs: number, context: CallerContext): Promise<ConnectorAccess> {
    const slots = credentialSlotsOf(target.template);
    let credentials: Record<string, string> = {};
    if (slots.length) {
      if (!target.credentialId) {
        throw new PrstError(
          'CREDENTIAL_MISSING',
          `Connector "${target.connectorName}" needs a credential (${slots.join(', ')}); give the connector a credentialId or name one in x-prst-credential-id.`,
        );
      }
      credentials = await this.credentials.resolve(target.credentialId, context);
    }
    const secrets = Object.values(credentials);
    let auth: Record<string, unknown> = {};
    const authRequest = target.template.authRequest;
    if (authRequest) {
      const tokens = await this.authTokens.get(this.authKey(target), async () => {
        const answer = await this.provider.send(renderRequest(authRequest, { credentials }), timeoutMs);
        if (answer.status >= 400) {
          throw new PrstError('AUTH_REQUEST_FAILED', `The connector's auth request answered HTTP ${answer.status}.`, [`authStatus=${answer.status}`]);
        }
        return extractAuthValues(authRequest, answer.body);
      });
      auth = tokens.values;
      for (const value of Object.values(auth)) if (typeof value === 'string') secrets.push(value);
    }
    return { credentials, auth, secrets };
  }

  /** Drops cached secrets the provider refused (401/403), so the next call fetches fresh ones. */
  forget(target: SecretsTarget): void {
    if (target.credentialId) this.credentials.forget(target.credentialId);
    this.authTokens.forget(this.authKey(target));
  }

  // Same key as the execution runner's, so both share one token per connector version and credential.
  private authKey(target: SecretsTarget): string {
    return `${target.connectorVersionId}|${target.credentialId ?? '-'}`;
  }
}
