import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, buildConnector, errors as undiciErrors, type Dispatcher } from 'undici';
import { SpanKind, providerRequestDuration, withSpan } from '@prst/telemetry';
import { EgressPolicy, EgressRefusedError } from '../egress/egress-policy.js';
import type { RenderedRequest } from '../templating/connector-template.js';
import { PROVIDER_SETTINGS, type ProviderSettings } from './provider-settings.js';

export interface ProviderResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or the text when the answer is not JSON. */
  body: unknown;
  latencyMs: number;
}

/** A provider answer whose body is read as it arrives (streaming, or passed through byte for byte). */
export interface ProviderStream {
  status: number;
  headers: Record<string, string>;
  /** The body's chunks as they arrive; errors are translated like send()'s. */
  chunks(): AsyncIterable<Buffer>;
  /** The whole body as text, up to the response size limit. */
  text(): Promise<string>;
}

export interface OpenOptions {
  /** Longest wait for the answer's headers, and between two chunks of its body. */
  timeoutMs: number;
  /** Aborting it closes the connection to the provider (a client that went away). */
  signal?: AbortSignal;
  /** Also bound the whole call by timeoutMs (a non-streamed answer). */
  totalTimeout?: boolean;
  /** The body as already-serialised text (a proxied caller's body, sent as it came). */
  bodyText?: string;
}

export class ProviderTimeoutError extends Error {}
export class ProviderUnreachableError extends Error {}
/** The call was aborted through OpenOptions.signal. */
export class ProviderCancelledError extends Error {}

/**
 * HTTP to AI providers: one keep-alive connection pool per provider origin (undici Agent), every new
 * connection checked by the egress policy and made to the address that was checked. Redirects are
 * not followed (a redirect could leave the allow-list). Knows nothing about connectors.
 */
@Injectable()
export class ProviderClient implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(
    private readonly policy: EgressPolicy,
    @Inject(PROVIDER_SETTINGS) private readonly settings: ProviderSettings,
  ) {
    const connect = buildConnector({ timeout: settings.connectTimeoutMs });
    this.agent = new Agent({
      keepAliveTimeout: settings.keepAliveMs,
      keepAliveMaxTimeout: settings.keepAliveMs,
      connections: settings.maxConnectionsPerOrigin,
      // Resolve and check once, then connect to that very address (TLS still verifies the name).
      connect: (options, callback) => {
        const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
        this.policy.resolve(options.hostname, port).then(
          ({ address }) => connect({ ...options, hostname: address, servername: options.servername ?? options.hostname }, callback),
          (error: Error) => callback(error, null),
        );
      },
    });
  }

  /** One call, in a client span and the provider latency metric (by host and status, or the error). */
  send(request: RenderedRequest, timeoutMs: number): Promise<ProviderResponse> {
    const url = new URL(request.url);
    const attributes = { 'http.request.method': request.method, 'server.address': url.hostname, 'server.port': Number(url.port) || undefined };
    return withSpan(`provider ${request.method}`, SpanKind.CLIENT, attributes, async (span) => {
      const started = performance.now();
      let status = 'error';
      try {
        const response = await this.exchange(url, request, timeoutMs);
        status = String(response.status);
        span.setAttribute('http.response.status_code', response.status);
        return response;
      } finally {
        providerRequestDuration.observe({ host: url.host, status }, (performance.now() - started) / 1000);
      }
    });
  }

  private async exchange(url: URL, request: RenderedRequest, timeoutMs: number): Promise<ProviderResponse> {
    const started = performance.now();
    let response: Dispatcher.ResponseData;
    try {
      response = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw this.translate(error, url, timeoutMs);
    }
    let text: string;
    try {
      text = await readLimited(response.body, this.settings.maxResponseBytes);
    } catch (error) {
      throw this.translate(error, url, timeoutMs);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') headers[name] = value;
    let body: unknown = text;
    if (text && (/json/i.test(headers['content-type'] ?? '') || /^\s*[[{]/.test(text))) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: response.statusCode, headers, body, latencyMs: Math.round(performance.now() - started) };
  }

  /**
   * Sends a request and answers as soon as the provider's headers arrive; the body is then read
   * chunk by chunk (streamed answers) or whole. Same pool, egress checks and error types as send().
   */
  async open(request: RenderedRequest, options: OpenOptions): Promise<ProviderStream> {
    const url = new URL(request.url);
    const { timeoutMs, signal } = options;
    const signals = [signal, options.totalTimeout ? AbortSignal.timeout(timeoutMs) : undefined].filter((item): item is AbortSignal => !!item);
    const attributes = { 'http.request.method': request.method, 'server.address': url.hostname, 'server.port': Number(url.port) || undefined };
    // The span and the latency metric cover the wait for the answer's head; a stream's body follows.
    const response = await withSpan(`provider ${request.method}`, SpanKind.CLIENT, attributes, async (span) => {
      const started = performance.now();
      let status = 'error';
      try {
        const answered = await this.agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.headers,
          body: options.bodyText ?? (request.body === undefined ? undefined : JSON.stringify(request.body)),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
        });
        status = String(answered.statusCode);
        span.setAttribute('http.response.status_code', answered.statusCode);
        return answered;
      } catch (error) {
        throw this.translate(error, url, timeoutMs, signal);
      } finally {
        providerRequestDuration.observe({ host: url.host, status }, (performance.now() - started) / 1000);
      }
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') headers[name] = value;
    const body = response.body;
    const translate = (error: unknown) => this.translate(error, url, timeoutMs, signal);
    const limit = this.settings.maxResponseBytes;
    return {
      status: response.statusCode,
      headers,
      async *chunks() {
        try {
          for await (const chunk of body) yield chunk as Buffer;
        } catch (error) {
          throw translate(error);
        } finally {
          // A consumer that stops early must not leave the connection half-read.
          if (!body.destroyed && !body.readableEnded) body.destroy();
        }
      },
      async text() {
        try {
          return await readLimited(body, limit);
        } catch (error) {
          throw translate(error);
        }
      },
    };
  }

  private translate(error: unknown, url: URL, timeoutMs: number, cancel?: AbortSignal): Error {
    if (cancel?.aborted) return new ProviderCancelledError(`the call to ${url.host} was cancelled`);
    const cause = (error as { cause?: unknown })?.cause;
    if (error instanceof EgressRefusedError) return error;
    if (cause instanceof EgressRefusedError) return cause;
    const name = (error as Error)?.name;
    if (
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      name === 'TimeoutError' ||
      name === 'AbortError'
    ) {
      return new ProviderTimeoutError(`${url.host} did not answer within ${timeoutMs} ms`);
    }
    if (error instanceof undiciErrors.ConnectTimeoutError) return new ProviderTimeoutError(`${url.host} did not accept a connection in time`);
    if (error instanceof undiciErrors.ResponseExceededMaxSizeError || (error as Error)?.message === 'response too large') {
      return new ProviderUnreachableError(`${url.host} answered with more than ${this.settings.maxResponseBytes} bytes`);
    }
    const code = (error as { code?: string })?.code ?? (cause as { code?: string })?.code;
    return new ProviderUnreachableError(`${url.host} could not be reached${code ? ` (${code})` : ''}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

async function readLimited(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new Error('response too large');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
