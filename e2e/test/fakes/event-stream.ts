import type http from 'node:http';
import type { FakeServer, JsonReply } from './json-server.js';

/** One server-sent event as a provider writes it: an optional `event:` line, one `data:` line, a blank line. */
export const sseFrame = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** A text cut into the pieces a provider streams: words with their following space. */
export const piecesOf = (text: string) => text.match(/\S+\s*|\s+/g) ?? [];

/**
 * An answer that writes `frames` as a text/event-stream, one every fake.streamDelayMs, and counts
 * whether it got to the end or the caller closed the connection first.
 */
export function eventStream(fake: FakeServer, frames: string[]): JsonReply {
  return {
    status: 200,
    body: null,
    stream: (outgoing: http.ServerResponse) => {
      outgoing.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
      let next = 0;
      let finished = false;
      outgoing.on('close', () => {
        if (!finished) fake.streams.cut += 1;
      });
      const write = () => {
        if (outgoing.destroyed) return;
        if (next === frames.length) {
          finished = true;
          fake.streams.completed += 1;
          outgoing.end();
          return;
        }
        outgoing.write(frames[next++]);
        setTimeout(write, fake.streamDelayMs);
      };
      write();
    },
  };
}
