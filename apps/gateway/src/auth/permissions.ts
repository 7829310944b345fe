import type { Role } from '@prst/contracts';

/**
 * The one table of who may do what. Every HTTP route declares one of these permissions with
 * `@RequirePermission(...)` (or `@Public()`); the authorization guard enforces it, and a test walks
 * every registered route × role against this table, so a route without a declaration fails.
 */
export const PERMISSIONS = {
  /** Any signed-in principal, whatever its role (for example GET /auth/me). */
  'self': ['admin', 'editor', 'viewer'],
  'users.read': ['admin'],
  'users.write': ['admin'],
  'api-credentials.read': ['admin', 'editor', 'viewer'],
  'api-credentials.write': ['admin', 'editor', 'viewer'],
  'credentials.read': ['admin', 'editor'],
  'credentials.write': ['admin', 'editor'],
  'encryption.admin': ['admin'],
  'prompts.read': ['admin', 'editor', 'viewer'],
  'prompts.write': ['admin', 'editor'],
  'connectors.read': ['admin', 'editor', 'viewer'],
  'connectors.write': ['admin', 'editor'],
  'executions.read': ['admin', 'editor', 'viewer'],
  'executions.run': ['admin', 'editor'],
  /** The OpenAI- and Anthropic-compatible provider proxy (/api/v1/proxy/…); it spends provider credit like executions. */
  'proxy.use': ['admin', 'editor'],
  // Prices are commercial terms: editors may read them, only administrators change them.
  'pricing.read': ['admin', 'editor'],
  'pricing.write': ['admin'],
  'usage.read': ['admin', 'editor', 'viewer'],
  'feedback.read': ['admin', 'editor', 'viewer'],
  'feedback.write': ['admin', 'editor'],
  'audit.read': ['admin'],
  'support.read': ['admin', 'editor', 'viewer'],
  'support.write': ['admin', 'editor'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
