import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { PrstError, STREAM_CONTROL_HEADER, streamCancelSubject, streamChunkSubject, type ErrorEnvelope } from '@prst/contracts';
import { NATS_CONNECTION } from '../tokens.js';

/** One message of a streamed answer, as the receiving end sees it. */
export type StreamItem = { kind: 'chunk'; bytes: Uint8Array } | { kind: 'end' } | { kind: 'error'; error: PrstError };

/** The receiving end of one streamed answer: its chunks in order, until the end or an error. */
export interface StreamReceiver extends AsyncIterable<StreamItem> {
  /** Asks the sender to stop (the client went away) and stops listening. */
  cancel(): void;
  /** Stops listening. */
  close(): void;
}

/**
 * The receiving end of streamed answers (gateway). Listening starts before the request that
 * produces the stream is sent, so no chunk can be missed; an idle stream ends with SERVICE_TIMEOUT.
 */
@Injectable()
export class StreamListener {
  constructor(@Inject(NATS_CONNECTION) private readonly nats: NatsConnection) {}

  listen(streamId: string, idleTimeoutMs: number): StreamReceiver {
    const subscription: Subscription = this.nats.subscribe(streamChunkSubject(streamId));
    const nats = this.nats;
    let cancelled = false;
    return {
      cancel() {
        if (!cancelled) nats.publish(streamCancelSubject(streamId));
        cancelled = true;
        subscription.unsubscribe();
      },
      close() {
        subscription.unsubscribe();
      },
      async *[Symbol.asyncIterator]() {
        const iterator = subscription[Symbol.asyncIterator]();
        try {
          for (;;) {
            let timer: NodeJS.Timeout | undefined;
            const idle = new Promise<'idle'>((resolve) => (timer = setTimeout(() => resolve('idle'), idleTimeoutMs)));
            const next = await Promise.race([iterator.next(), idle]).finally(() => clearTimeout(timer));
            if (next === 'idle') {
              yield { kind: 'error', error: new PrstError('SERVICE_TIMEOUT', 'The streamed answer stopped arriving.') };
              return;
            }
            if (next.done) return;
            const message = next.value;
            const control = message.headers?.get(STREAM_CONTROL_HEADER);
            if (control === 'end') {
              yield { kind: 'end' };
              return;
            }
            if (control === 'error') {
              yield { kind: 'error', error: PrstError.fromEnvelope(message.json<ErrorEnvelope>()) };
              return;
            }
            yield { kind: 'chunk', bytes: message.data };
          }
        } finally {
          subscription.unsubscribe();
        }
      },
    };
  }
}
