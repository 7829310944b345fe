import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CallerContext } from '@prst/contracts';
import { contextOf } from './request-context.js';

/** Route parameter decorator: the caller's context (request id, principal, role). */
export const RequestContext = createParamDecorator(
  (_data: unknown, host: ExecutionContext): CallerContext => contextOf(host.switchToHttp().getRequest<FastifyRequest>()),
);
