import type { FastifyReply } from 'fastify';
import type { PrstError, ProxyFormat } from '@prst/contracts';
import type { StreamReceiver } from '@prst/messaging';

/** An error told inside an event stream, in the provider's own format so that its SDK raises it. */
function errorEvent(format: ProxyFormat | undefined, error: PrstError): string {
  const envelope = error.toEnvelope();
  if (format === 'anthropic') {
    return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message: error.description, prst: envelope } })}\n\n`;
  }
  return `data: ${JSON.stringify({ error: { message: error.description, type: 'server_error', code: error.name, prst: envelope } })}\n\n`;
}

/**
 * Writes a streamed answer to the client as its chunks arrive (bytes unchanged) and ends it with the
 * stream. A client that goes away cancels the stream, which stops the provider call upstream.
 * Fastify's reply is taken over (hijacked): headers set so far (request id, security headers) are kept.
 */
export async function writeEventStream(
  reply: FastifyReply,
  receiver: StreamReceiver,
  head: { status: number; contentType: string; format?: ProxyFormat },
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  // The client may have left while the provider was still to answer: stop the stream at once.
  if (raw.destroyed || raw.socket?.destroyed) {
    receiver.cancel();
    return;
  }
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value as string | number | string[];
  raw.writeHead(head.status, {
    ...headers,
    'content-type': head.contentType,
    'cache-control': 'no-cache',
    // Proxies in front of the gateway must not hold the events back.
    'x-accel-buffering': 'no',
  });
  raw.flushHeaders();
  let clientGone = false;
  raw.on('close', () => {
    if (raw.writableFinished) return;
    clientGone = true;
    receiver.cancel();
  });
  for await (const item of receiver) {
    if (clientGone) break;
    if (item.kind === 'chunk') raw.write(item.bytes);
    else if (item.kind === 'error') raw.write(errorEvent(head.format, item.error));
  }
  if (!clientGone) raw.end();
}
