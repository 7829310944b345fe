import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamPublisher } from '@prst/messaging';
import { ProviderCancelledError, ProviderUnreachableError, type ProviderStream } from '../provider/provider-client.js';
import { StreamPump } from './stream-pump.js';

const encoder = new TextEncoder();

/** A provider stream that yields `parts` and then, optionally, fails. */
function providerStream(parts: string[], failWith?: Error): ProviderStream {
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    async *chunks() {
      for (const part of parts) yield Buffer.from(encoder.encode(part));
      if (failWith) throw failWith;
    },
    text: async () => parts.join(''),
  };
}

function recordingPublisher() {
  const sent: string[] = [];
  const publisher = { chunk: (_id: string, bytes: Uint8Array) => sent.push(Buffer.from(bytes).toString('utf8')) } as unknown as StreamPublisher;
  return { publisher, sent };
}

const openAiChunk = (content: string) => `data: ${JSON.stringify({ model: 'gpt', choices: [{ index: 0, delta: { content } }] })}\n\n`;

describe('StreamPump', () => {
  describe('relay', () => {
    it('relays the bytes unchanged, chunk by chunk, and rebuilds the text across chunk boundaries', async () => {
      const whole = `${openAiChunk('Hel')}${openAiChunk('lo')}data: [DONE]\n\n`;
      const parts = [whole.slice(0, 17), whole.slice(17, 60), whole.slice(60)];
      const { publisher, sent } = recordingPublisher();
      const pumped = await new StreamPump(publisher).relay(providerStream(parts), 'stream-id', 'openai');
      assert.deepEqual(sent, parts);
      assert.equal(pumped.result.output, 'Hello');
      assert.equal(pumped.error, undefined);
      assert.equal(pumped.events.length, 2);
    });

    it('keeps what arrived and names the cause when the client cancelled or the provider hung up', async () => {
      const { publisher } = recordingPublisher();
      const cancelled = await new StreamPump(publisher).relay(providerStream([openAiChunk('Hi')], new ProviderCancelledError('x')), 'id', 'openai');
      assert.equal(cancelled.error?.name, 'REQUEST_CANCELLED');
      assert.equal(cancelled.result.output, 'Hi');
      const cut = await new StreamPump(publisher).relay(providerStream([openAiChunk('Hi')], new ProviderUnreachableError('reset')), 'id', 'openai');
      assert.equal(cut.error?.name, 'STREAM_INTERRUPTED');
    });

    it("fails the task on the provider's own in-stream error event", async () => {
      const { publisher } = recordingPublisher();
      const error = 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
      const pumped = await new StreamPump(publisher).relay(providerStream([error]), 'id', 'anthropic');
      assert.equal(pumped.error?.name, 'PROVIDER_ERROR');
    });
  });
});
