import { Inject, Injectable } from '@nestjs/common';
import type { CallerContext, Subject } from '@prst/contracts';
import { RpcClient } from '@prst/messaging';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';

/**
 * The gateway's way to the prompt-executor: one request per HTTP call, with the caller's context.
 * Executions may wait for an AI provider, so they get their own, longer timeout.
 */
@Injectable()
export class ExecutorClient {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  request<T>(subject: Subject, data: unknown, context: CallerContext): Promise<T> {
    return this.rpc.request<T>(subject, data, context);
  }

  execute<T>(subject: Subject, data: unknown, context: CallerContext): Promise<T> {
    return this.rpc.request<T>(subject, data, context, this.env.EXECUTION_REQUEST_TIMEOUT_MS);
  }
}

/** A JSON body as an object to add path parameters to (anything else is left for validation to refuse). */
export function bodyWith(body: unknown, extra: Record<string, unknown>): Record<string, unknown> {
  const base = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return { ...base, ...extra };
}
