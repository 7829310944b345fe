import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake received, as it arrived on the wire. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface JsonReply {
  status: number;
  body: unknown;
  /** Writes the answer itself instead (an event stream); `body` is then unused. */
  stream?: (outgoing: http.ServerResponse) => void;
}

/** A local HTTP server speaking JSON, recording every request, with a settable delay. */
export interface FakeServer {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Requests whose path matches. */
  count(path: RegExp): number;
  /** Delay before every answer, in milliseconds (for timeouts and kill tests). */
  delayMs: number;
  /** When set, the next answers use this status and an error body in the provider's format. */
  failWith: number | null;
  /** Event streams answered to the end, and cut short because the caller closed the connection. */
  streams: { completed: number; cut: number };
  /** Pause between two events of a streamed answer, in milliseconds. */
  streamDelayMs: number;
  close(): Promise<void>;
}

export async function startJsonServer(handle: (request: ReceivedRequest, fake: FakeServer) => JsonReply): Promise<FakeServer> {
  const fake: FakeServer = {
    url: '',
    port: 0,
    requests: [],
    delayMs: 0,
    failWith: null,
    streams: { completed: 0, cut: 0 },
    streamDelayMs: 5,
    count: (path) => fake.requests.filter((request) => path.test(request.path)).length,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((incoming, outgoing) => {
    let text = '';
    incoming.on('data', (chunk) => (text += chunk));
    incoming.on('end', () => {
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // keep the text: the fake answers 400 for it
      }
      const request: ReceivedRequest = { method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, body };
      fake.requests.push(request);
      const reply = typeof body === 'string' ? { status: 400, body: { error: 'body is not JSON' } } : handle(request, fake);
      setTimeout(() => {
        if (outgoing.destroyed) return;
        if (reply.stream) return reply.stream(outgoing);
        outgoing.writeHead(reply.status, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify(reply.body));
      }, fake.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  return fake;
}

/** A deterministic "token count": words in the text. */
export const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;
