import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { PrstError } from '@prst/contracts';
import type { Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    prstPrincipal?: Principal;
  }
}

/** Route parameter decorator: the authenticated principal (set by the AuthGuard). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, host: ExecutionContext): Principal => {
  const principal = host.switchToHttp().getRequest<FastifyRequest>().prstPrincipal;
  // Only reachable on a @Public route that asks for a principal: a programming error, refused.
  if (!principal) throw new PrstError('UNAUTHENTICATED', 'Sign in first.');
  return principal;
});
