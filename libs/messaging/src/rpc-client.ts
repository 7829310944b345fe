import { randomUUID } from 'node:crypto';
import { errors, type NatsConnection } from '@nats-io/transport-node';
import { PrstError, type CallerContext } from '@prst/contracts';
import { SpanKind, currentTraceparent, natsRequestDuration, withSpan } from '@prst/telemetry';
import { contextToHeaders } from './caller-context.js';

/** One decoder for every reply (stateless for whole messages), not one per request. */
const utf8 = new TextDecoder();

/** The reply packet of Nest's NATS transport. */
interface NestReply<T> {
  response?: T;
  err?: unknown;
}

/**
 * Request/reply over NATS with a timeout on every call. Built on nats.js `request()` (one shared
 * inbox subscription per connection) rather than Nest's ClientNats, which subscribes per request.
 * Speaks Nest's wire format so handlers are ordinary `@MessagePattern`s.
 */
export class RpcClient {
  constructor(
    private readonly connection: NatsConnection,
    private readonly defaultTimeoutMs: number,
  ) {}

  async request<TResponse>(
    subject: string,
    data: unknown,
    context: CallerContext,
    timeoutMs = this.defaultTimeoutMs,
  ): Promise<TResponse> {
    const payload = JSON.stringify({ pattern: subject, data, id: randomUUID() });
    const started = performance.now();
    let outcome = 'ok';
    let raw: Uint8Array;
    try {
      raw = await withSpan(`nats request ${subject}`, SpanKind.CLIENT, { 'messaging.destination': subject }, async () => {
        const headers = contextToHeaders({ ...context, traceparent: currentTraceparent() ?? context.traceparent });
        return (await this.connection.request(subject, payload, { timeout: timeoutMs, headers })).data;
      });
    } catch (error) {
      const transportError = toTransportError(subject, error);
      outcome = transportError.name;
      throw transportError;
    } finally {
      natsRequestDuration.observe({ subject, outcome }, (performance.now() - started) / 1000);
    }
    const reply = JSON.parse(utf8.decode(raw)) as NestReply<TResponse>;
    if (reply.err !== undefined && reply.err !== null) throw PrstError.fromEnvelope(reply.err);
    return reply.response as TResponse;
  }
}

function toTransportError(subject: string, error: unknown): PrstError {
  const noResponders =
    error instanceof errors.NoRespondersError ||
    (error instanceof errors.RequestError && error.isNoResponders());
  if (noResponders) {
    return new PrstError('SERVICE_UNAVAILABLE', `No service is answering ${subject} right now. Try again shortly.`);
  }
  if (error instanceof errors.TimeoutError || (error as Error)?.cause instanceof errors.TimeoutError) {
    return new PrstError('SERVICE_TIMEOUT', `The service behind ${subject} did not answer in time.`);
  }
  return new PrstError('SERVICE_UNAVAILABLE', `The message bus could not deliver ${subject}.`);
}
