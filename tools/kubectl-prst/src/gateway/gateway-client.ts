import { Readable } from 'node:stream';
import { CliError } from '../cli/cli-error.js';

/** The error envelope the gateway answers with ({serverCode,name,code,message,description}). */
export interface ErrorEnvelope {
  serverCode: number;
  name: string;
  code: string;
  message: string;
  description: string;
  details?: string[];
}

/** One answer of the gateway, with the body parsed as JSON when it is JSON. */
export interface GatewayAnswer<T = unknown> {
  status: number;
  body: T;
}

function isEnvelope(body: unknown): body is ErrorEnvelope {
  return typeof body === 'object' && body !== null && 'code' in body && 'name' in body && 'serverCode' in body;
}

/** Thrown for an error answer; keeps the status and envelope so callers can react to one of them. */
export class GatewayError extends CliError {
  constructor(
    readonly status: number,
    readonly envelope: ErrorEnvelope | undefined,
    message: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/**
 * HTTP to the gateway's /api/v1 (directly with --server, or through a port-forward). Sends the
 * API credential as a bearer token and never puts it into a message: errors name the route and the
 * gateway's envelope only.
 */
export class GatewayClient {
  constructor(
    readonly baseUrl: string,
    /** How the operator should read the base URL in messages (e.g. "the port-forward to pod x"). */
    readonly description: string,
    private readonly apiKey?: string,
    private readonly requestTimeoutMs = 30000,
    /** Extra words on why a connection failed (e.g. the port-forward's last error). */
    private readonly explainFailure: () => string | undefined = () => undefined,
  ) {}

  get hasCredential(): boolean {
    return Boolean(this.apiKey);
  }

  /** A JSON request; error answers are returned, not thrown, when `accept` lists their status. */
  async json<T>(method: string, path: string, body?: unknown, accept: number[] = []): Promise<GatewayAnswer<T>> {
    const response = await this.fetch(method, path, body, AbortSignal.timeout(this.requestTimeoutMs));
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new CliError(`${method} ${path} answered ${response.status} with malformed JSON`);
      }
    }
    if (response.ok || accept.includes(response.status)) return { status: response.status, body: parsed as T };
    throw this.errorFor(method, path, response.status, parsed);
  }

  /** A streamed GET (for NDJSON exports); the body is returned as a Node stream. */
  async stream(path: string): Promise<Readable> {
    const response = await this.fetch('GET', path);
    if (!response.ok || !response.body) {
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not an envelope; the status alone is reported
      }
      throw this.errorFor('GET', path, response.status, parsed);
    }
    // The web stream type of fetch and the one Readable.fromWeb expects differ only in typings.
    return Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]);
  }

  private async fetch(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json, application/x-ndjson' };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${Math.round(this.requestTimeoutMs / 1000)} s`
          : (cause?.code ?? cause?.message ?? (error as Error).message);
      const explanation = this.explainFailure();
      throw new CliError(
        `gateway unreachable: ${method} ${path} through ${this.description} failed (${reason})` +
          (explanation ? `: ${explanation}` : ''),
        'check that the gateway pods are running (kubectl prst status) or that --server points at a gateway',
      );
    }
  }

  private errorFor(method: string, path: string, status: number, body: unknown): GatewayError {
    const envelope = isEnvelope(body) ? body : undefined;
    const what = envelope
      ? `${status} ${envelope.name} (${envelope.code}): ${envelope.description || envelope.message}`
      : `${status}`;
    const details = envelope?.details?.length ? ` [${envelope.details.join('; ')}]` : '';
    let hint: string | undefined;
    if (status === 401) {
      hint = 'the API credential was refused: check the Secret named by --api-key-secret, PRST_API_KEY or --api-key';
    } else if (status === 403) {
      hint = 'the API credential lacks the permission: kubectl prst needs an admin API credential';
    } else if (status === 404 && envelope?.name === 'ROUTE_NOT_FOUND') {
      hint = `this gateway does not offer ${method} ${path}: is the release older than this plugin?`;
    }
    return new GatewayError(status, envelope, `${method} ${path} answered ${what}${details}`, hint);
  }
}
