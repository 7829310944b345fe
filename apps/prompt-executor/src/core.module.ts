import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CacheEvents } from './cache/cache-events.js';
import { EXECUTOR_ENV, type PromptExecutorEnv } from './config/prompt-executor-env.js';
import { CredentialResolver } from './credentials/credential-resolver.js';
import { EgressPolicy } from './egress/egress-policy.js';
import { ProviderClient } from './provider/provider-client.js';
import { PROVIDER_SETTINGS, type ProviderSettings } from './provider/provider-settings.js';

/** What every feature of the executor shares: configuration, cache events, egress policy, provider pool, credentials. */
@Global()
@Module({})
export class CoreModule {
  static register(env: PromptExecutorEnv): DynamicModule {
    const settings: ProviderSettings = {
      connectTimeoutMs: env.PROVIDER_CONNECT_TIMEOUT_MS,
      keepAliveMs: env.PROVIDER_KEEPALIVE_MS,
      maxConnectionsPerOrigin: env.PROVIDER_MAX_CONNECTIONS,
      maxResponseBytes: env.PROVIDER_MAX_RESPONSE_BYTES,
    };
    return {
      module: CoreModule,
      providers: [
        { provide: EXECUTOR_ENV, useValue: env },
        { provide: PROVIDER_SETTINGS, useValue: settings },
        { provide: EgressPolicy, useValue: new EgressPolicy(env.PROVIDER_ALLOWED_HOSTS.split(',')) },
        CacheEvents,
        ProviderClient,
        CredentialResolver,
      ],
      exports: [EXECUTOR_ENV, PROVIDER_SETTINGS, EgressPolicy, CacheEvents, ProviderClient, CredentialResolver],
    };
  }
}
