import { readFileSync } from 'node:fs';
import { ConfigError } from '@prst/config';
import type { SupportNotifierEnv } from './support-notifier-env.js';

/** The identity sent with every ticket; present only when support is on. */
export interface SupportIdentity {
  organization: string;
  licenseKey: string;
  rootEmail: string;
}

export interface RetryPolicy {
  baseMs: number;
  maxDelayMs: number;
  windowMs: number;
}

/** What the service does with tickets, decided once at boot from the environment. */
export interface SupportSettings {
  /** Undefined when support is off: tickets are kept with status `disabled` and nothing is sent. */
  identity?: SupportIdentity;
  apiUrl: URL;
  /** Extra trusted CA certificates (PEM) for the endpoint, in addition to the system's. */
  extraCa?: string;
  requestTimeoutMs: number;
  retry: RetryPolicy;
  pollIntervalMs: number;
}

export const SUPPORT_SETTINGS = Symbol('SUPPORT_SETTINGS');

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Checks the variables that only matter together: with SUPPORT_ENABLED=true every one of
 * ORGANIZATION, LICENSE_KEY and ROOT_EMAIL must be set, or the service refuses to start naming each
 * missing one (a half-configured support option must not silently keep tickets local).
 */
export function resolveSupportSettings(
  env: SupportNotifierEnv,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): SupportSettings {
  const problems: string[] = [];
  const apiUrl = new URL(env.SUPPORT_API_URL);
  // Credentials in the URL would become an Authorization header: a seventh piece of data.
  if (apiUrl.username || apiUrl.password) problems.push('SUPPORT_API_URL must not contain a user name or password');
  if (env.ROOT_EMAIL !== undefined && !EMAIL.test(env.ROOT_EMAIL)) problems.push('ROOT_EMAIL must be an e-mail address');

  let identity: SupportIdentity | undefined;
  if (env.SUPPORT_ENABLED) {
    for (const name of ['ORGANIZATION', 'LICENSE_KEY', 'ROOT_EMAIL'] as const) {
      if (!env[name]?.trim()) problems.push(`${name} is required when SUPPORT_ENABLED=true (support tickets carry it)`);
    }
    if (env.ORGANIZATION?.trim() && env.LICENSE_KEY?.trim() && env.ROOT_EMAIL?.trim()) {
      identity = { organization: env.ORGANIZATION.trim(), licenseKey: env.LICENSE_KEY.trim(), rootEmail: env.ROOT_EMAIL.trim() };
    }
  }

  let extraCa: string | undefined;
  if (env.SUPPORT_API_CA_FILE) {
    try {
      extraCa = readFile(env.SUPPORT_API_CA_FILE);
      if (!extraCa.includes('-----BEGIN CERTIFICATE-----')) problems.push('SUPPORT_API_CA_FILE must hold PEM certificates');
    } catch {
      problems.push('SUPPORT_API_CA_FILE cannot be read');
    }
  }
  if (env.SUPPORT_RETRY_MAX_DELAY_MS < env.SUPPORT_RETRY_BASE_MS) {
    problems.push('SUPPORT_RETRY_MAX_DELAY_MS must be ≥ SUPPORT_RETRY_BASE_MS');
  }
  if (problems.length) throw new ConfigError('support-notifier', problems);

  return {
    identity,
    apiUrl,
    extraCa,
    requestTimeoutMs: env.SUPPORT_REQUEST_TIMEOUT_MS,
    retry: {
      baseMs: env.SUPPORT_RETRY_BASE_MS,
      maxDelayMs: env.SUPPORT_RETRY_MAX_DELAY_MS,
      windowMs: env.SUPPORT_RETRY_WINDOW_MS,
    },
    pollIntervalMs: env.SUPPORT_POLL_INTERVAL_MS,
  };
}
