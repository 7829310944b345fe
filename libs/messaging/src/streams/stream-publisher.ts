import { Inject, Injectable } from '@nestjs/common';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { STREAM_CONTROL_HEADER, streamCancelSubject, streamChunkSubject, type PrstError, type StreamControl } from '@prst/contracts';
import { NATS_CONNECTION } from '../tokens.js';

const EMPTY = new Uint8Array(0);

function control(kind: StreamControl) {
  const result = natsHeaders();
  result.set(STREAM_CONTROL_HEADER, kind);
  return result;
}

/**
 * The sending end of a streamed answer (prompt-executor): the provider's bytes go out as they
 * arrive, one NATS message each, then one end or error message. Core NATS keeps the order of one
 * publisher's messages; nothing is re-encoded on the way.
 */
@Injectable()
export class StreamPublisher {
  constructor(@Inject(NATS_CONNECTION) private readonly nats: NatsConnection) {}

  chunk(streamId: string, bytes: Uint8Array): void {
    this.nats.publish(streamChunkSubject(streamId), bytes);
  }

  end(streamId: string): void {
    this.nats.publish(streamChunkSubject(streamId), EMPTY, { headers: control('end') });
  }

  fail(streamId: string, error: PrstError): void {
    this.nats.publish(streamChunkSubject(streamId), JSON.stringify(error.toEnvelope()), { headers: control('error') });
  }

  /** Calls `cancel` when the receiving end asks to stop; the answer stops listening. */
  onCancel(streamId: string, cancel: () => void): () => void {
    const subscription = this.nats.subscribe(streamCancelSubject(streamId), {
      max: 1,
      callback: (error) => {
        if (!error) cancel();
      },
    });
    return () => subscription.unsubscribe();
  }
}
