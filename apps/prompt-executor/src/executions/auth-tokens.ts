import { Inject, Injectable } from '@nestjs/common';
import type { AuthRequestTemplate } from '@prst/contracts';
import { registerSecret } from '@prst/telemetry';
import { TtlCache } from '../cache/ttl-cache.js';
import { EXECUTOR_ENV, type PromptExecutorEnv } from '../config/prompt-executor-env.js';
import { valueAt } from '../templating/response-path.js';

const DEFAULT_TTL_SECONDS = 300;

/** The values an auth pre-request extracted, with how long they may be reused. */
export interface AuthValues {
  values: Record<string, unknown>;
  ttlMs: number;
}

export class AuthExtractionError extends Error {}

/**
 * Results of connectors' authentication pre-requests (tokens), cached per connector version and
 * credential for the template's cacheTtlSeconds (or the provider's "expires in", when shorter), so
 * the pre-request runs once per token lifetime instead of once per execution.
 */
@Injectable()
export class AuthTokens {
  private readonly cache: TtlCache<string, AuthValues>;

  constructor(@Inject(EXECUTOR_ENV) env: PromptExecutorEnv) {
    this.cache = new TtlCache(env.CACHE_MAX_ENTRIES, DEFAULT_TTL_SECONDS * 1000);
  }

  get(key: string, fetch: () => Promise<AuthValues>): Promise<AuthValues> {
    return this.cache.getOrLoad(key, fetch, (result) => result.ttlMs);
  }

  forget(key: string): void {
    this.cache.delete(key);
  }
}

/** Picks the configured fields of an auth response; a missing one is an error naming its path. */
export function extractAuthValues(template: AuthRequestTemplate, body: unknown): AuthValues {
  const values: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(template.extract)) {
    const { found, value } = valueAt(body, path);
    if (!found) throw new AuthExtractionError(`the auth response has no value at "${path}" (for auth.${name})`);
    values[name] = value;
    if (typeof value === 'string') registerSecret(value);
  }
  let ttlSeconds = template.cacheTtlSeconds ?? DEFAULT_TTL_SECONDS;
  if (template.expiresInPath) {
    const { found, value } = valueAt(body, template.expiresInPath);
    // Renew a little before the provider's own expiry.
    if (found && typeof value === 'number' && value > 0) ttlSeconds = Math.min(ttlSeconds, Math.max(0, value - 5));
  }
  return { values, ttlMs: ttlSeconds * 1000 };
}
