import { IsIn, IsObject, IsOptional, IsUUID, Matches } from 'class-validator';
import { Subjects } from '../subjects.js';

/** The provider wire formats the proxy speaks: OpenAI chat completions and Anthropic messages. */
export const PROXY_FORMATS = ['openai', 'anthropic'] as const;
export type ProxyFormat = (typeof PROXY_FORMATS)[number];

/** A stream id names the NATS subjects of one streamed answer; random, so nobody can guess another's. */
export const STREAM_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * `prst.executor.proxy.call.v1`: the caller's request body, forwarded unchanged to the connector's
 * provider. `credentialId` is the `x-prst-credential-id` header (the gateway checked the caller may
 * name one); `streamId` is set when the gateway listens for a streamed answer.
 */
export class ProxyCallRequest {
  @IsUUID()
  connectorId: string;

  @IsIn(PROXY_FORMATS)
  format: ProxyFormat;

  @IsObject()
  body: Record<string, unknown>;

  @IsOptional()
  @IsUUID()
  credentialId?: string;

  @IsOptional()
  @Matches(STREAM_ID_PATTERN)
  streamId?: string;
}

/**
 * The answer of a proxy call (and of a streamed execution): the provider's status and body text, passed
 * through as they came; or, when `streaming`, the promise that the body follows on the stream's chunk
 * subject.
 */
export interface ProxyCallReply {
  taskId: string;
  status: number;
  contentType: string;
  /** The provider's answer, byte for byte (absent while streaming). */
  body?: string;
  streaming?: boolean;
  /** The event format of a streamed answer, so that a late error can be told in it. */
  format?: ProxyFormat;
}

/** Header of a stream message that ends the stream: `end`, or `error` with an error envelope as body. */
export const STREAM_CONTROL_HEADER = 'prst-stream';
export type StreamControl = 'end' | 'error';

/** The subject that carries the chunks of one streamed answer. */
export function streamChunkSubject(streamId: string): string {
  return Subjects.executor.streamChunk.replace('*', streamId);
}

/** The subject on which the gateway cancels one streamed answer. */
export function streamCancelSubject(streamId: string): string {
  return Subjects.executor.streamCancel.replace('*', streamId);
}
