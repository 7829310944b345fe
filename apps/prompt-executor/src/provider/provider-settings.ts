/** Tunables of the provider connection pool, from the environment. */
export interface ProviderSettings {
  connectTimeoutMs: number;
  keepAliveMs: number;
  maxConnectionsPerOrigin: number;
  maxResponseBytes: number;
}

export const PROVIDER_SETTINGS = Symbol('PROVIDER_SETTINGS');
