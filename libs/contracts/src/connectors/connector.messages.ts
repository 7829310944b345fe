import { NestedType, NumberFromText } from '../nested.js';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LABEL_PATTERN, ListRequest } from '../prompts/prompt.messages.js';

export const CONNECTOR_PRESETS = [
  'openai-chat',
  'anthropic-messages',
  'azure-openai-chat',
  'gemini-generate',
  'ollama-chat',
  'openai-compatible-chat',
] as const;
export type ConnectorPreset = (typeof CONNECTOR_PRESETS)[number];

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * One HTTP request with placeholders: `{{prompt}}`, `{{parameters.x}}`, `{{proxy.x}}`,
 * `{{credentials.x}}` and (main request only) `{{auth.x}}`. A JSON string that is exactly one
 * placeholder is replaced by the typed value; placeholders inside longer strings are replaced by
 * text. URL values are percent-encoded; header values may not contain line breaks.
 */
export class HttpRequestTemplate {
  @IsIn(HTTP_METHODS)
  method: (typeof HTTP_METHODS)[number];

  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  url: string;

  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  /** Any JSON value. */
  @Allow()
  body?: unknown;
}

export class MainRequestTemplate extends HttpRequestTemplate {
  /**
   * Where the prompt version's proxy parameters are merged into the body: a dotted path of an
   * object ("" for the body itself). Omitted: proxy parameters are only reachable as `{{proxy.x}}`.
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  proxyParametersAt?: string;
}

export class AuthRequestTemplate extends HttpRequestTemplate {
  /** Values to take from the auth response, by name → path; used as `{{auth.<name>}}`. */
  @IsObject()
  extract: Record<string, string>;

  /** How long the extracted values are reused, in seconds (default 300). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86400)
  cacheTtlSeconds?: number;

  /** Optional path of an "expires in N seconds" field that shortens the cache lifetime. */
  @IsOptional()
  @IsString()
  expiresInPath?: string;
}

/** Paths into the provider's JSON answer, dotted with indexes: `choices[0].message.content`. */
export class ResponseMapping {
  @IsString()
  @IsNotEmpty()
  output: string;

  @IsOptional()
  @IsString()
  inputTokens?: string;

  @IsOptional()
  @IsString()
  outputTokens?: string;

  /** Further named properties (for example for pricing rules), name → path. */
  @IsOptional()
  @IsObject()
  properties?: Record<string, string>;
}

/**
 * How failed provider calls of one connector version are retried: exponential backoff with full
 * jitter (a random wait between 0 and min(maxBackoffMs, baseBackoffMs × 2^retry)), or the
 * provider's `Retry-After` when it asks for longer. Only transient failures are retried: HTTP 408,
 * 429 and 5xx (except 501 and 505), connection errors and timeouts. Other 4xx answers (409
 * included: a conflict does not go away by asking again) are never retried.
 */
export class RetryPolicy {
  /** Retries after the first attempt (default 2; 0 turns retrying off). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  maxRetries?: number;

  /** Backoff before the first retry, doubled for each further one, in milliseconds (default 250). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60000)
  baseBackoffMs?: number;

  /** Longest backoff between two attempts, in milliseconds (default 10000). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120000)
  maxBackoffMs?: number;
}

/** A connector version tried when the one before it failed and its retries are spent. */
export class FallbackTarget {
  @IsUUID()
  connectorId: string;

  @Matches(LABEL_PATTERN, { message: 'version must be 1–64 letters, digits, ".", "_" or "-"' })
  version: string;
}

export class ConnectorTemplate {
  @ValidateNested()
  @NestedType(MainRequestTemplate)
  request: MainRequestTemplate;

  @IsOptional()
  @ValidateNested()
  @NestedType(AuthRequestTemplate)
  authRequest?: AuthRequestTemplate;

  @ValidateNested()
  @NestedType(ResponseMapping)
  response: ResponseMapping;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(300000)
  timeoutMs?: number;

  @IsOptional()
  @ValidateNested()
  @NestedType(RetryPolicy)
  retry?: RetryPolicy;

  /**
   * Connector versions tried in order when this one fails (after its retries), each with its own
   * template, default credential and retry policy. Only the first connector's list is followed: a
   * fallback's own fallbacks are not, so lists cannot loop.
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @NestedType(FallbackTarget)
  fallbacks?: FallbackTarget[];
}

/** `POST /connectors`: either from a preset or with a full template as version "1". */
export class CreateConnectorRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @IsOptional()
  @IsIn(CONNECTOR_PRESETS)
  preset?: ConnectorPreset;

  /** Replaces the preset's default address (Azure resource, Ollama host, self-hosted server). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  baseUrl?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  model?: string;

  /** The credential used when a prompt version names none. */
  @IsOptional()
  @IsUUID()
  credentialId?: string;

  @IsOptional()
  @ValidateNested()
  @NestedType(ConnectorTemplate)
  template?: ConnectorTemplate;
}

export class ConnectorIdRequest {
  @IsUUID()
  id: string;
}

export class ListConnectorsRequest extends ListRequest {}

export class CreateConnectorVersionRequest {
  @IsUUID()
  connectorId: string;

  @IsOptional()
  @Matches(LABEL_PATTERN, { message: 'version must be 1–64 letters, digits, ".", "_" or "-"' })
  version?: string;

  @ValidateNested()
  @NestedType(ConnectorTemplate)
  template: ConnectorTemplate;
}

export interface ConnectorVersionView {
  id: string;
  connectorId: string;
  version: string;
  template: ConnectorTemplate;
  createdAt: string;
}

export interface ConnectorView {
  id: string;
  name: string;
  description: string | null;
  preset: ConnectorPreset | null;
  credentialId: string | null;
  latestVersion: string | null;
  createdAt: string;
}

export interface ConnectorDetailView extends ConnectorView {
  versions: ConnectorVersionView[];
}

export interface PresetView {
  name: ConnectorPreset;
  description: string;
  defaultBaseUrl: string | null;
  defaultModel: string | null;
  credentialSlots: string[];
}
