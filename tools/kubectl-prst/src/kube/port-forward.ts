import net from 'node:net';
import { Writable } from 'node:stream';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';

/** A local port that forwards every connection to one port of one pod, like `kubectl port-forward`. */
export interface PortForwardSession {
  /** http://127.0.0.1:<local port> */
  url: string;
  localPort: number;
  /** The last failure of the tunnel (handshake refused, pod port closed), for error messages. */
  lastError(): string | undefined;
  close(): Promise<void>;
}

interface Closable {
  close(): void;
  on?(event: 'close', listener: () => void): unknown;
}

/** Why the WebSocket handshake with the API server failed, in the operator's words. */
function handshakeFailure(error: unknown, pod: string, namespace: string): string {
  const message = (error as { message?: string })?.message ?? String(error);
  if (/\b403\b/.test(message)) {
    return `RBAC forbidden: the API server refused to create pods/portforward for pod ${pod} in namespace ${namespace} (403)`;
  }
  if (/\b401\b/.test(message)) return `the API server refused the credentials for pods/portforward (401)`;
  return `port-forward to pod ${pod} failed: ${message}`;
}

/**
 * Opens a local listener on 127.0.0.1 (an ephemeral port) and, for every connection, a port-forward
 * WebSocket to the pod through the API server with the client library's PortForward (channel
 * protocol: data on channel 0, errors on channel 1). One WebSocket per TCP connection, as kubectl does.
 */
export async function openPortForward(kc: KubeConfig, namespace: string, pod: string, port: number): Promise<PortForwardSession> {
  const forward = new PortForward(kc);
  const sockets = new Set<net.Socket>();
  const tunnels = new Set<Closable>();
  let lastError: string | undefined;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // The pod's error channel carries kubelet's explanation (e.g. "connection refused").
    const errors = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const text = chunk.toString('utf8').trim();
        if (text) lastError = `port-forward to pod ${pod}:${port}: ${text}`;
        done();
      },
    });
    forward
      .portForward(namespace, pod, [port], socket, errors, socket)
      .then((result) => {
        const tunnel = (typeof result === 'function' ? result() : result) as Closable | null;
        if (!tunnel) return;
        tunnels.add(tunnel);
        // The library does not end the local socket when the tunnel closes; without this an HTTP
        // client would wait forever on a half-dead keep-alive connection.
        tunnel.on?.('close', () => {
          tunnels.delete(tunnel);
          socket.end();
        });
        socket.on('close', () => tunnel.close());
        if (socket.destroyed) tunnel.close();
      })
      .catch((error: unknown) => {
        lastError = handshakeFailure(error, pod, namespace);
        socket.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const localPort = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${localPort}`,
    localPort,
    lastError: () => lastError,
    async close() {
      for (const tunnel of tunnels) tunnel.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
