import { Catch, type ArgumentsHost, type LoggerService, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { PrstError, type ErrorEnvelope } from '@prst/contracts';

/** Maps every error of a message handler to an error envelope; internals stay in the service log. */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: LoggerService) {}

  catch(exception: unknown, _host: ArgumentsHost): Observable<ErrorEnvelope> {
    if (exception instanceof PrstError) return throwError(() => exception.toEnvelope());
    this.logger.error(
      `Unhandled error in message handler: ${(exception as Error)?.message ?? String(exception)}`,
      (exception as Error)?.stack,
    );
    return throwError(() => new PrstError('INTERNAL_ERROR', 'An unexpected error occurred.').toEnvelope());
  }
}
