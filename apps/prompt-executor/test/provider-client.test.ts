import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EgressPolicy, EgressRefusedError } from '../src/egress/egress-policy.js';
import { ProviderCancelledError, ProviderClient, ProviderTimeoutError } from '../src/provider/provider-client.js';

/** Real sockets on 127.0.0.1; names are resolved by a stand-in resolver so no DNS is needed. */
describe('ProviderClient', () => {
  let server: http.Server;
  let port: number;
  let connections = 0;
  /** Streamed answers whose connection the caller closed before the last event. */
  let streamsCut = 0;

  before(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/redirect') {
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      } else if (request.url === '/events') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        let sent = 0;
        const timer = setInterval(() => {
          response.write(`data: ${sent++}\n\n`);
          if (sent === 50) {
            clearInterval(timer);
            response.end();
          }
        }, 20);
        response.on('close', () => {
          clearInterval(timer);
          if (sent < 50) streamsCut++;
        });
      } else if (request.url === '/slow') {
        setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 1000);
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ host: request.headers.host, path: request.url }));
      }
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (patterns: string[], answers: Record<string, string>) =>
    new ProviderClient(
      new EgressPolicy(patterns, async (host) => (answers[host] ? [{ address: answers[host], family: 4 }] : [])),
      { connectTimeoutMs: 2000, keepAliveMs: 10000, maxConnectionsPerOrigin: 4, maxResponseBytes: 1024 * 1024 },
    );

  it('connects to the address the policy checked and keeps the connection alive between calls', async () => {
    const provider = client([`provider.test:${port}`], { 'provider.test': '127.0.0.1' });
    try {
      const before = connections;
      for (let i = 0; i < 6; i++) {
        const answer = await provider.send({ method: 'POST', url: `http://provider.test:${port}/v1/chat?x=1`, headers: {}, body: { i } }, 2000);
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.body, { host: `provider.test:${port}`, path: '/v1/chat?x=1' });
      }
      // undici may open a second socket while the first is being released; after that both are reused.
      assert.ok(connections - before <= 2, `six calls opened ${connections - before} connections`);
    } finally {
      await provider.onApplicationShutdown();
    }
  });

  it('refuses a wildcard-allowed name that resolves to an internal address, before connecting', async () => {
    const provider = client(['*'], { 'rebind.test': '127.0.0.1' });
    try {
      const before = connections;
      await assert.rejects(provider.send({ method: 'GET', url: `http://rebind.test:${port}/`, headers: {} }, 2000), EgressRefusedError);
      assert.equal(connections, before);
    } finally {
      await provider.onApplicationShutdown();
    }
  });

  it('does not follow a redirect', async () => {
    const provider = client([`127.0.0.1:${port}`], {});
    try {
      const answer = await provider.send({ method: 'GET', url: `http://127.0.0.1:${port}/redirect`, headers: {} }, 2000);
      assert.equal(answer.status, 302);
    } finally {
      await provider.onApplicationShutdown();
    }
  });

  it('gives up after the timeout', async () => {
    const provider = client([`127.0.0.1:${port}`], {});
    try {
      await assert.rejects(provider.send({ method: 'GET', url: `http://127.0.0.1:${port}/slow`, headers: {} }, 200), ProviderTimeoutError);
    } finally {
      await provider.onApplicationShutdown();
    }
  });

  it('streams a body chunk by chunk, and an aborted call closes the connection to the provider', async () => {
    const provider = client([`127.0.0.1:${port}`], {});
    try {
      const cancel = new AbortController();
      const answer = await provider.open({ method: 'GET', url: `http://127.0.0.1:${port}/events`, headers: {} }, { timeoutMs: 2000, signal: cancel.signal });
      assert.equal(answer.status, 200);
      let text = '';
      await assert.rejects(async () => {
        for await (const chunk of answer.chunks()) {
          text += chunk.toString();
          if (text.includes('data: 2\n\n')) cancel.abort();
        }
      }, ProviderCancelledError);
      assert.ok(text.startsWith('data: 0\n\ndata: 1\n\n'));
      const deadline = Date.now() + 2000;
      while (streamsCut === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(streamsCut, 1);
    } finally {
      await provider.onApplicationShutdown();
    }
  });

  it('reads a whole answer as text, byte for byte', async () => {
    const provider = client([`127.0.0.1:${port}`], {});
    try {
      const answer = await provider.open({ method: 'POST', url: `http://127.0.0.1:${port}/echo`, headers: {} }, { timeoutMs: 2000, totalTimeout: true, bodyText: '{"a":1}' });
      assert.equal(await answer.text(), JSON.stringify({ host: `127.0.0.1:${port}`, path: '/echo' }));
    } finally {
      await provider.onApplicationShutdown();
    }
  });
});
