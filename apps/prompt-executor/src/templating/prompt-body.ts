import type { ParameterView } from '@prst/contracts';

/** `{{name}}` in a prompt body (whitespace inside the braces is allowed). */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The distinct placeholder names of a body, in order of first use. */
export function placeholdersOf(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

/** Every undeclared placeholder and every unused parameter, as sentences; empty when they match. */
export function placeholderProblems(body: string, parameters: readonly Pick<ParameterView, 'name'>[]): string[] {
  const used = placeholdersOf(body);
  const declared = new Set(parameters.map((parameter) => parameter.name));
  return [
    ...used.filter((name) => !declared.has(name)).map((name) => `placeholder {{${name}}} is not a declared parameter`),
    ...[...declared].filter((name) => !used.includes(name)).map((name) => `parameter ${name} is not used in the body`),
  ];
}

/** The text form of a parameter value inside a prompt. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Replaces every `{{name}}` with its value (an optional parameter without a value becomes empty
 * text); one pass, so values are never re-scanned for placeholders.
 */
export function renderBody(body: string, values: Record<string, unknown>): string {
  return body.replace(PLACEHOLDER, (_whole, name: string) => textOf(values[name]));
}
