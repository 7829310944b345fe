import type { ConnectorTemplate, ProxyFormat } from '@prst/contracts';

const PLACEHOLDER = /\{\{/;

/** What is wrong with a caller's body for the format, before anything is sent (empty when nothing). */
export function bodyProblems(format: ProxyFormat, body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) problems.push('messages must be a non-empty array');
  if (body.stream !== undefined && typeof body.stream !== 'boolean') problems.push('stream must be a boolean');
  if (body.model !== undefined && typeof body.model !== 'string') problems.push('model must be a string');
  if (format === 'anthropic' && body.max_tokens !== undefined && typeof body.max_tokens !== 'number') problems.push('max_tokens must be a number');
  return problems;
}

/**
 * The caller's body, with what the connector's own body fixes and the caller left out: the model (so
 * a caller may leave the choice of model to the connector) and, for Anthropic, max_tokens. Anything
 * the caller sent is forwarded unchanged; the body is copied only when something is added.
 */
export function withConnectorDefaults(format: ProxyFormat, body: Record<string, unknown>, template: ConnectorTemplate): Record<string, unknown> {
  const own = (template.request.body ?? {}) as Record<string, unknown>;
  const added: Record<string, unknown> = {};
  const keys = format === 'anthropic' ? ['model', 'max_tokens'] : ['model'];
  for (const key of keys) {
    const value = own[key];
    if (body[key] === undefined && value !== undefined && !(typeof value === 'string' && PLACEHOLDER.test(value))) added[key] = value;
  }
  return Object.keys(added).length ? { ...added, ...body } : body;
}
