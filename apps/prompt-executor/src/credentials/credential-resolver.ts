import { Inject, Injectable } from '@nestjs/common';
import { PrstError, Subjects, type CallerContext, type ResolveCredentialReply } from '@prst/contracts';
import { RpcClient } from '@prst/messaging';
import { registerSecret } from '@prst/telemetry';
import { TtlCache } from '../cache/ttl-cache.js';
import { CacheEvents } from '../cache/cache-events.js';
import { EXECUTOR_ENV, type PromptExecutorEnv } from '../config/prompt-executor-env.js';

/**
 * Credential values from the vault, kept in memory for CREDENTIAL_CACHE_TTL_MS and dropped when
 * the vault announces a change (or a provider rejects them). Every value is registered with the
 * log redactor the moment it arrives.
 */
@Injectable()
export class CredentialResolver {
  private readonly cache: TtlCache<string, Record<string, string>>;

  constructor(
    private readonly rpc: RpcClient,
    events: CacheEvents,
    @Inject(EXECUTOR_ENV) env: PromptExecutorEnv,
  ) {
    this.cache = new TtlCache(env.CACHE_MAX_ENTRIES, env.CREDENTIAL_CACHE_TTL_MS);
    events.onChange((change) => {
      if (change.kind === 'credential') this.cache.delete(change.id);
    });
  }

  async resolve(credentialId: string, context: CallerContext): Promise<Record<string, string>> {
    return this.cache.getOrLoad(credentialId, async () => {
      let reply: ResolveCredentialReply;
      try {
        reply = await this.rpc.request<ResolveCredentialReply>(Subjects.vault.credentialResolve, { credentialId }, context);
      } catch (error) {
        if (error instanceof PrstError && error.serverCode === 404) {
          throw new PrstError('CREDENTIAL_MISSING', `Credential ${credentialId} does not exist in the vault.`);
        }
        throw error;
      }
      const values = reply.values ?? {};
      for (const value of Object.values(values)) registerSecret(value);
      return values;
    });
  }

  /** Forgets a credential, for example after the provider refused it. */
  forget(credentialId: string): void {
    this.cache.delete(credentialId);
  }
}
