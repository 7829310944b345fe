import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter, type LoggerService } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PrstError, type ErrorName } from '@prst/contracts';

/** Errors that Fastify raises before a route runs, by their code. */
const FASTIFY_ERRORS: Record<string, { name: ErrorName; description: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { name: 'MALFORMED_JSON', description: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    name: 'MALFORMED_JSON',
    description: 'The request says it carries JSON but its body is empty.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { name: 'PAYLOAD_TOO_LARGE', description: 'The request body is larger than this server accepts.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    name: 'UNSUPPORTED_MEDIA_TYPE',
    description: 'Send the request body as application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    name: 'VALIDATION_FAILED',
    description: 'The Content-Length header does not match the body.',
  },
};

const BY_STATUS: Record<number, ErrorName> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  429: 'TOO_MANY_ATTEMPTS',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'SERVICE_UNAVAILABLE',
  504: 'SERVICE_TIMEOUT',
};

/** Turns anything thrown while serving HTTP into the error envelope; internals only reach the log. */
export function toPrstError(exception: unknown, request: FastifyRequest): PrstError | undefined {
  if (exception instanceof PrstError) return exception;
  // Nest wraps Fastify's own errors (body parsing, size limits) in an HttpException with the cause.
  const fastifyError = (exception as { cause?: { code?: unknown } })?.cause ?? exception;
  const code = (fastifyError as { code?: unknown })?.code;
  if (typeof code === 'string' && FASTIFY_ERRORS[code]) {
    const known = FASTIFY_ERRORS[code];
    return new PrstError(known.name, known.description);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) {
      return new PrstError('ROUTE_NOT_FOUND', `There is no route ${request.method} ${request.url.split('?')[0]}.`);
    }
    const name = BY_STATUS[status];
    if (name) return new PrstError(name, exception.message);
  }
  return undefined;
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: LoggerService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let error = toPrstError(exception, request);
    if (!error) {
      this.logger.error(
        `Unhandled error on ${request.method} ${request.url.split('?')[0]}: ${(exception as Error)?.message}`,
        (exception as Error)?.stack,
      );
      error = new PrstError('INTERNAL_ERROR', 'An unexpected error occurred. The request id identifies it in the logs.');
    }
    // A throttled answer says when to try again (TooManyAttemptsError carries the seconds).
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(Math.ceil(retryAfter)));
    void reply.status(error.serverCode).header('content-type', 'application/json; charset=utf-8').send(error.toEnvelope());
  }
}
