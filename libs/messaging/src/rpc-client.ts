import { randomUUID } from 'node:crypto';
import { errors, type NatsConnection } from '@nats-io/transport-node';
import { PrstError, type CallerContext } from '@prst/contracts';
import { contextToHeaders } from './caller-context.js';

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
    let raw: Uint8Array;
    try {
      const message = await this.connection.request(subject, payload, {
        timeout: timeoutMs,
        headers: contextToHeaders(context),
      });
      raw = message.data;
    } catch (error) {
      throw toTransportError(subject, error);
    }
    const reply = JSON.parse(new TextDecoder().decode(raw)) as NestReply<TResponse>;
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
