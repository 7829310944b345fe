import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { CallerContext, ProxyCallReply, Subject } from '@prst/contracts';
import { StreamListener } from '@prst/messaging';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';
import { ExecutorClient } from '../executor/executor.client.js';
import { writeEventStream } from '../http/sse-writer.js';

export const TASK_ID_HEADER = 'x-prst-task-id';

/** Whether a JSON body asks for a streamed answer. */
export function wantsStream(body: unknown): boolean {
  return !!body && typeof body === 'object' && (body as Record<string, unknown>).stream === true;
}

/**
 * Sends a provider-bound request to the executor and answers the client the provider's way: the
 * provider's status and body as they came, or its event stream, relayed chunk by chunk from NATS.
 * Listening for the stream starts before the request goes out, so nothing is missed.
 */
@Injectable()
export class ProxyRelay {
  constructor(
    private readonly executor: ExecutorClient,
    private readonly streams: StreamListener,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async answer(subject: Subject, data: Record<string, unknown>, stream: boolean, reply: FastifyReply, context: CallerContext): Promise<void> {
    const streamId = stream ? randomBytes(18).toString('base64url') : undefined;
    const receiver = streamId ? this.streams.listen(streamId, this.env.EXECUTION_REQUEST_TIMEOUT_MS) : undefined;
    let answer: ProxyCallReply;
    try {
      answer = await this.executor.execute<ProxyCallReply>(subject, streamId ? { ...data, streamId } : data, context);
    } catch (error) {
      receiver?.close();
      throw error;
    }
    void reply.header(TASK_ID_HEADER, answer.taskId);
    if (!answer.streaming || !receiver) {
      receiver?.close();
      await reply.status(answer.status).header('content-type', answer.contentType).send(answer.body ?? '');
      return;
    }
    await writeEventStream(reply, receiver, { status: answer.status, contentType: answer.contentType, format: answer.format });
  }
}
