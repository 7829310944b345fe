import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CallerContext } from '@prst/contracts';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

declare module 'fastify' {
  interface FastifyRequest {
    prstContext: CallerContext;
  }
}

/**
 * Gives every request a context: a request id (the caller's `x-request-id` when well-formed, else a
 * new UUID) that is returned in the response header and travels with every NATS message.
 */
export function installRequestContext(fastify: FastifyInstance): void {
  fastify.decorateRequest('prstContext', null as unknown as CallerContext);
  fastify.addHook('onRequest', async (request, reply) => {
    const offered = request.headers[REQUEST_ID_HEADER];
    const requestId = typeof offered === 'string' && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
    request.prstContext = { requestId };
    reply.header(REQUEST_ID_HEADER, requestId);
  });
}

export function contextOf(request: FastifyRequest): CallerContext {
  return request.prstContext ?? { requestId: randomUUID() };
}
