import type { ResponseMapping, TokenUsage } from '@prst/contracts';
import { textOf } from './prompt-body.js';
import { valueAt } from './response-path.js';

export interface MappedResponse {
  output: string;
  usage: TokenUsage;
  properties: Record<string, unknown>;
}

/** A mapping path that matched nothing (or a token count that is not a number). */
export class ResponseMappingError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`the response has no ${reason} at "${path}"`);
  }
}

function pick(body: unknown, path: string, what: string): unknown {
  const { found, value } = valueAt(body, path);
  if (!found) throw new ResponseMappingError(path, what);
  return value;
}

function count(body: unknown, path: string | undefined, what: string): number | null {
  if (!path) return null;
  const value = pick(body, path, what);
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ResponseMappingError(path, `${what} number`);
  return value;
}

/** Picks output text, token usage and named properties from a provider's JSON answer. */
export function mapResponse(mapping: ResponseMapping, body: unknown): MappedResponse {
  const output = textOf(pick(body, mapping.output, 'output'));
  const inputTokens = count(body, mapping.inputTokens, 'input token count');
  const outputTokens = count(body, mapping.outputTokens, 'output token count');
  const properties: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(mapping.properties ?? {})) properties[name] = pick(body, path, `property ${name}`);
  const totalTokens = inputTokens !== null && outputTokens !== null ? inputTokens + outputTokens : null;
  return { output, usage: { inputTokens, outputTokens, totalTokens }, properties };
}
