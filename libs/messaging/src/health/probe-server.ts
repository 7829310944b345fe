import { createServer, type Server } from 'node:http';

/**
 * A minimal HTTP listener for Kubernetes probes of a service that otherwise speaks only NATS:
 * `/healthz` answers 200 while the process runs, `/readyz` 200 when `ready()` says so, 503 otherwise.
 * It is unref'd so it never keeps a stopping process alive.
 */
export async function startProbeServer(port: number, ready: () => Promise<boolean>, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((request, response) => {
    const answer = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET') return answer(405, { status: 'error' });
    if (request.url === '/healthz') return answer(200, { status: 'ok' });
    if (request.url === '/readyz') {
      ready().then(
        (ok) => answer(ok ? 200 : 503, { status: ok ? 'ok' : 'error' }),
        () => answer(503, { status: 'error' }),
      );
      return;
    }
    answer(404, { status: 'error' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  server.unref();
  return server;
}
