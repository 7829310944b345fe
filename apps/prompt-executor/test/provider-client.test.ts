import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EgressPolicy, EgressRefusedError } from '../src/egress/egress-policy.js';
import { ProviderClient, ProviderTimeoutError } from '../src/provider/provider-client.js';

/** Real sockets on 127.0.0.1; names are resolved by a stand-in resolver so no DNS is needed. */
describe('ProviderClient', () => {
  let server: http.Server;
  let port: number;
  let connections = 0;

  before(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/redirect') {
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
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
});
