import { Injectable } from '@nestjs/common';
import { PrstError, type ProxyFormat } from '@prst/contracts';
import { StreamPublisher } from '@prst/messaging';
import type { ProviderStream } from '../provider/provider-client.js';
import { providerFailure } from '../provider/provider-errors.js';
import { SseParser } from './sse-parser.js';
import { accumulatorFor, type ProviderResult } from './wire-format.js';

/** What a relayed stream left behind: the rebuilt answer, its events, and why it stopped early (if it did). */
export interface PumpedStream {
  result: ProviderResult;
  events: unknown[];
  error?: PrstError;
}

/**
 * Relays a provider's event stream to the gateway as its bytes arrive (unchanged, so the client gets
 * the provider's own format) while rebuilding the answer from the parsed events for the task.
 */
@Injectable()
export class StreamPump {
  constructor(private readonly publisher: StreamPublisher) {}

  async relay(stream: ProviderStream, streamId: string, format: ProxyFormat): Promise<PumpedStream> {
    const parser = new SseParser();
    const answer = accumulatorFor(format);
    let error: PrstError | undefined;
    try {
      for await (const chunk of stream.chunks()) {
        this.publisher.chunk(streamId, chunk);
        for (const event of parser.push(chunk)) answer.add(event);
      }
    } catch (failure) {
      const translated = providerFailure(failure);
      error =
        translated.name === 'PROVIDER_UNREACHABLE'
          ? new PrstError('STREAM_INTERRUPTED', 'The provider closed the stream before it was complete.')
          : translated;
    }
    for (const event of parser.end()) answer.add(event);
    if (!error && answer.providerError) {
      error = new PrstError('PROVIDER_ERROR', 'The provider reported an error in the stream.', [`providerError=${JSON.stringify(answer.providerError)}`]);
    }
    return { result: answer.result(), events: answer.events, ...(error ? { error } : {}) };
  }
}
