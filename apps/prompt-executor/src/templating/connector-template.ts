import type { ConnectorTemplate, HttpRequestTemplate, MainRequestTemplate } from '@prst/contracts';
import { textOf } from './prompt-body.js';
import { pathProblem } from './response-path.js';

/** `{{namespace.name}}` or `{{prompt}}` inside a connector template. */
const TOKEN = /\{\{\s*([A-Za-z]+(?:\.[A-Za-z0-9_-]+)?)\s*\}\}/g;
const EXACT_TOKEN = /^\{\{\s*([A-Za-z]+(?:\.[A-Za-z0-9_-]+)?)\s*\}\}$/;

export const NAMESPACES = ['prompt', 'parameters', 'proxy', 'credentials', 'auth'] as const;

/** Everything a template may refer to. */
export interface RenderScope {
  prompt?: string;
  parameters?: Record<string, unknown>;
  proxy?: Record<string, unknown>;
  credentials?: Record<string, string>;
  auth?: Record<string, unknown>;
}

/** A concrete HTTP request: what is sent to the provider. */
export interface RenderedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export class TemplateRenderError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

function lookup(scope: RenderScope, reference: string): { found: boolean; value: unknown } {
  if (reference === 'prompt') return { found: scope.prompt !== undefined, value: scope.prompt };
  const [namespace, name] = reference.split('.') as [keyof RenderScope, string | undefined];
  const bag = scope[namespace] as Record<string, unknown> | undefined;
  if (!name || !bag || typeof bag !== 'object' || !Object.prototype.hasOwnProperty.call(bag, name)) {
    return { found: false, value: undefined };
  }
  const value = bag[name];
  return { found: value !== undefined, value };
}

/** A missing proxy parameter just leaves its field out; anything else missing is a problem. */
function missing(reference: string, where: string, problems: string[]): void {
  if (reference.startsWith('proxy.')) return;
  if (reference.startsWith('credentials.')) problems.push(`${where} needs the credential value ${reference.slice(12)}, which the credential does not have`);
  else problems.push(`${where} refers to {{${reference}}}, which has no value`);
}

function replaceText(text: string, scope: RenderScope, where: string, problems: string[], encode: (value: string) => string): string {
  return text.replace(TOKEN, (_whole, reference: string) => {
    const { found, value } = lookup(scope, reference);
    if (!found) {
      missing(reference, where, problems);
      return '';
    }
    return encode(textOf(value));
  });
}

/**
 * Renders a JSON template structurally: a string that is exactly one placeholder becomes the typed
 * value (number, object, …); placeholders inside longer strings become text inside that string.
 * Values are never spliced into JSON source, so they cannot change its structure.
 */
export function renderJson(value: unknown, scope: RenderScope, problems: string[], where = 'body'): unknown {
  if (typeof value === 'string') {
    const exact = EXACT_TOKEN.exec(value);
    if (exact) {
      const { found, value: replaced } = lookup(scope, exact[1]);
      if (!found) missing(exact[1], where, problems);
      return found ? replaced : undefined;
    }
    return replaceText(value, scope, where, problems, (text) => text);
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => renderJson(item, scope, problems, `${where}[${index}]`)).filter((item) => item !== undefined);
  }
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const rendered = renderJson(item, scope, problems, `${where}.${key}`);
      if (rendered !== undefined) result[key] = rendered;
    }
    return result;
  }
  return value;
}

const LINE_BREAK = /[\r\n]/;

/** Renders method, URL (values percent-encoded), headers (no line breaks) and body. */
export function renderRequest(template: HttpRequestTemplate & Partial<MainRequestTemplate>, scope: RenderScope): RenderedRequest {
  const problems: string[] = [];
  const url = replaceText(template.url, scope, 'url', problems, encodeURIComponent);
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`url must be http or https, not ${parsed.protocol}`);
  } catch {
    problems.push('url is not a valid URL after rendering');
  }
  const headers: Record<string, string> = {};
  for (const [name, raw] of Object.entries(template.headers ?? {})) {
    const rendered = replaceText(String(raw), scope, `header ${name}`, problems, (text) => text);
    if (LINE_BREAK.test(rendered) || LINE_BREAK.test(name)) {
      problems.push(`header ${name} would contain a line break`);
      continue;
    }
    if (rendered !== '') headers[name.toLowerCase()] = rendered;
  }
  let body = template.body === undefined ? undefined : renderJson(template.body, scope, problems);
  if (template.proxyParametersAt !== undefined && scope.proxy && Object.keys(scope.proxy).length) {
    body = mergeAt(body ?? {}, template.proxyParametersAt, scope.proxy, problems);
  }
  if (problems.length) throw new TemplateRenderError(problems);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  return { method: template.method, url, headers, ...(body !== undefined ? { body } : {}) };
}

/** Merges proxy parameters into the object at `path` of the body (created when missing). */
function mergeAt(body: unknown, path: string, values: Record<string, unknown>, problems: string[]): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    problems.push('proxy parameters can only be merged into a JSON object body');
    return body;
  }
  const root = { ...(body as Record<string, unknown>) };
  let target = root;
  for (const key of path.split('.').filter(Boolean)) {
    const next = target[key];
    const copy = next && typeof next === 'object' && !Array.isArray(next) ? { ...(next as Record<string, unknown>) } : {};
    target[key] = copy;
    target = copy;
  }
  Object.assign(target, values);
  return root;
}

function tokensIn(value: unknown, found: Set<string>): void {
  if (typeof value === 'string') for (const match of value.matchAll(TOKEN)) found.add(match[1]);
  else if (Array.isArray(value)) value.forEach((item) => tokensIn(item, found));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([, item]) => tokensIn(item, found));
}

/** Every placeholder a request template uses. */
export function placeholdersOfRequest(template: HttpRequestTemplate): string[] {
  const found = new Set<string>();
  tokensIn([template.url, template.headers ?? {}, template.body ?? null], found);
  return [...found];
}

/** The credential slots (`{{credentials.x}}`) a template needs. */
export function credentialSlotsOf(template: ConnectorTemplate): string[] {
  const slots = new Set<string>();
  for (const request of [template.request, template.authRequest]) {
    if (!request) continue;
    for (const token of placeholdersOfRequest(request)) if (token.startsWith('credentials.')) slots.add(token.slice(12));
  }
  return [...slots].sort();
}

/** Every problem of a template that can be seen without running it. */
export function templateProblems(template: ConnectorTemplate): string[] {
  const problems: string[] = [];
  const authNames = new Set(Object.keys(template.authRequest?.extract ?? {}));
  const check = (request: HttpRequestTemplate, label: string, allowAuth: boolean) => {
    for (const token of placeholdersOfRequest(request)) {
      const [namespace, name] = token.split('.');
      if (!(NAMESPACES as readonly string[]).includes(namespace) || (namespace === 'prompt') !== (name === undefined)) {
        problems.push(`${label} uses {{${token}}}; use {{prompt}}, {{parameters.x}}, {{proxy.x}}, {{credentials.x}} or {{auth.x}}`);
      } else if (namespace === 'auth' && (!allowAuth || !authNames.has(name))) {
        problems.push(`${label} uses {{${token}}}, which the auth request does not extract`);
      }
    }
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (typeof value !== 'string') problems.push(`${label} header ${name} must be a string`);
      else if (LINE_BREAK.test(value) || LINE_BREAK.test(name)) problems.push(`${label} header ${name} contains a line break`);
    }
    const hostPart = /^[a-z]+:\/\/([^/?#]*)/i.exec(request.url)?.[1] ?? '';
    if (TOKEN.test(hostPart)) problems.push(`${label} url may not have placeholders in its host`);
    TOKEN.lastIndex = 0;
    if (!/^https?:\/\//i.test(request.url)) problems.push(`${label} url must start with http:// or https://`);
  };
  check(template.request, 'request', true);
  if (template.authRequest) {
    check(template.authRequest, 'authRequest', false);
    if (!authNames.size) problems.push('authRequest.extract must name at least one value');
    for (const [name, path] of Object.entries(template.authRequest.extract)) {
      const problem = pathProblem(String(path));
      if (problem) problems.push(`authRequest.extract.${name}: ${problem}`);
    }
  }
  const mapping = template.response;
  const paths: [string, unknown][] = [
    ['response.output', mapping.output],
    ['response.inputTokens', mapping.inputTokens],
    ['response.outputTokens', mapping.outputTokens],
    ...Object.entries(mapping.properties ?? {}).map(([name, path]) => [`response.properties.${name}`, path] as [string, unknown]),
  ];
  for (const [label, path] of paths) {
    if (path === undefined) continue;
    const problem = typeof path === 'string' ? pathProblem(path) : 'must be a path string';
    if (problem) problems.push(`${label}: ${problem}`);
  }
  if (template.request.proxyParametersAt) {
    const problem = pathProblem(template.request.proxyParametersAt);
    if (problem || /\[/.test(template.request.proxyParametersAt)) problems.push('request.proxyParametersAt must be a dotted path of object keys');
  }
  return problems;
}

/** Deep copy of `value` with every occurrence of every secret replaced by `***`. */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  const usable = secrets.filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
  if (!usable.length) return value;
  const maskText = (text: string) => usable.reduce((result, secret) => result.split(secret).join('***'), text);
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return maskText(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [maskText(key), walk(inner)]));
    }
    return item;
  };
  return walk(value) as T;
}
