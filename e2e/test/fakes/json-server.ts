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
  headers?: Record<string, string>;
}

/** A failure a fake answers once, in the provider's error format (for retry and fallback tests). */
export interface PlannedFailure {
  status: number;
  headers?: Record<string, string>;
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
  /** Failures answered one per request, in order, before answering normally again. */
  failNext: PlannedFailure[];
  close(): Promise<void>;
}

/** The failure this request should get, if any: the next planned one, else `failWith`. */
export function takeFailure(fake: FakeServer): PlannedFailure | null {
  return fake.failNext.shift() ?? (fake.failWith ? { status: fake.failWith } : null);
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
    failNext: [],
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
        outgoing.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
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
