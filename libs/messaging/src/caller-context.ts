import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { ContextHeaders, type CallerContext, type PrincipalType, type Role } from '@prst/contracts';

/** Writes the caller's context into NATS message headers. */
export function contextToHeaders(context: CallerContext): MsgHdrs {
  const result = natsHeaders();
  result.set(ContextHeaders.requestId, context.requestId);
  if (context.principalId) result.set(ContextHeaders.principalId, context.principalId);
  if (context.principalType) result.set(ContextHeaders.principalType, context.principalType);
  if (context.role) result.set(ContextHeaders.role, context.role);
  if (context.traceparent) result.set(ContextHeaders.traceparent, context.traceparent);
  return result;
}

/** Reads the caller's context from NATS message headers; absent headers stay undefined. */
export function contextFromHeaders(source: MsgHdrs | undefined): CallerContext {
  const read = (name: string) => (source?.has(name) ? source.get(name) : undefined) || undefined;
  return {
    requestId: read(ContextHeaders.requestId) ?? 'unknown',
    principalId: read(ContextHeaders.principalId),
    principalType: read(ContextHeaders.principalType) as PrincipalType | undefined,
    role: read(ContextHeaders.role) as Role | undefined,
    traceparent: read(ContextHeaders.traceparent),
  };
}

/** Handler parameter decorator: the CallerContext of the NATS message being handled. */
export const Caller = createParamDecorator((_data: unknown, host: ExecutionContext): CallerContext => {
  const natsContext = host.switchToRpc().getContext<NatsContext>();
  return contextFromHeaders(natsContext.getHeaders() as MsgHdrs | undefined);
});
