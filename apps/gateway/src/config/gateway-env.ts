import { commonEnv, databaseEnv, envVar, type EnvValues, type EnvVar } from '@prst/config';

/** A secret used as an HMAC key: at least 32 bytes, whatever its encoding. */
function hmacSecret(description: string): EnvVar<string> {
  const base = envVar.string({ description, sensitive: true });
  return {
    ...base,
    parse(raw) {
      const value = base.parse(raw);
      if (Buffer.byteLength(value, 'utf8') < 32) throw new Error('must be at least 32 bytes long (for example `openssl rand -base64 32`)');
      return value;
    },
  };
}

export const gatewayEnvSchema = {
  ...commonEnv,
  ...databaseEnv,
  PORT: envVar.int({ description: 'HTTP port of the API', default: 8080, min: 1, max: 65535 }),
  HOST: envVar.string({ description: 'address the HTTP server binds to', default: '0.0.0.0' }),
  BODY_LIMIT_BYTES: envVar.int({
    description: 'largest accepted request body, in bytes (larger ones answer 413)',
    default: 1048576,
    min: 1024,
  }),
  HEALTH_TIMEOUT_MS: envVar.int({
    description: 'how long /api/v1/health waits for each service, in milliseconds',
    default: 1500,
    min: 100,
    max: 10000,
  }),
  EXECUTION_REQUEST_TIMEOUT_MS: envVar.int({
    description: 'how long a sync execution may take end to end (provider included), in milliseconds',
    default: 310000,
    min: 1000,
    max: 900000,
  }),
  API_DOCS_ENABLED: envVar.bool({
    description: 'serve the OpenAPI document and its UI at /api/docs without authentication (they describe routes, not data)',
    default: true,
  }),
  TRUST_PROXY: envVar.bool({
    description: 'take the client address from X-Forwarded-For (only behind a trusted ingress)',
    default: false,
  }),
  JWT_SECRET: hmacSecret('HMAC key that signs access tokens (HS256); at least 32 bytes'),
  JWT_ISSUER: envVar.string({ description: 'iss claim of access tokens', default: 'prst-gateway' }),
  JWT_AUDIENCE: envVar.string({ description: 'aud claim of access tokens', default: 'prst-api' }),
  ACCESS_TOKEN_TTL_SECONDS: envVar.int({ description: 'lifetime of an access token', default: 900, min: 30, max: 900 }),
  REFRESH_TOKEN_TTL_SECONDS: envVar.int({
    description: 'lifetime of a refresh token (each refresh issues a new one)',
    default: 7 * 24 * 3600,
    min: 300,
    max: 90 * 24 * 3600,
  }),
  API_KEY_HASH_SECRET: envVar.optional(
    hmacSecret('HMAC key under which API credentials and refresh tokens are stored; derived from JWT_SECRET when unset'),
  ),
  ROOT_EMAIL: envVar.string({ description: "the root administrator's e-mail address" }),
  ROOT_PASSWORD: envVar.optional(
    envVar.string({ description: 'initial password of the root administrator (must be changed at first login)', sensitive: true }),
  ),
  ROOT_PASSWORD_FILE: envVar.optional(
    envVar.string({ description: 'file the generated initial root password is written to when ROOT_PASSWORD is unset' }),
  ),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: envVar.int({ description: 'failed logins per account per window before 429', default: 5, min: 1 }),
  LOGIN_MAX_FAILURES_PER_ADDRESS: envVar.int({
    description: 'failed logins and bad API keys per client address per window before 429',
    default: 20,
    min: 1,
  }),
  THROTTLE_WINDOW_SECONDS: envVar.int({ description: 'length of the failed-attempt window', default: 60, min: 1, max: 86400 }),
  AUTH_CACHE_TTL_MS: envVar.int({
    description: 'how long a replica caches a user or API credential (changes also evict it at once over NATS)',
    default: 10000,
    min: 0,
    max: 60000,
  }),
  LAST_USED_FLUSH_MS: envVar.int({ description: 'how often API credential last-used stamps are written', default: 15000, min: 100 }),
  ARGON2_MEMORY_KIB: envVar.int({ description: 'argon2id memory cost in KiB', default: 19456, min: 19456 }),
  ARGON2_TIME_COST: envVar.int({ description: 'argon2id iterations', default: 2, min: 2 }),
};

export type GatewayEnv = EnvValues<typeof gatewayEnvSchema>;
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');
