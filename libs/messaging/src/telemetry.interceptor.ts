import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import type { MsgHdrs } from '@nats-io/transport-node';
import { Observable } from 'rxjs';
import { ContextHeaders, PrstError } from '@prst/contracts';
import {
  SpanKind,
  SpanStatusCode,
  contextFromTraceparent,
  natsHandled,
  otelContext,
  otelTrace,
  runInRequestScope,
  spanAttributes,
} from '@prst/telemetry';

interface HttpRequestLike {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  routeOptions?: { url?: string };
  prstContext?: { requestId: string };
}

/**
 * Gives every handled HTTP request and NATS message a span (child of the caller's trace context)
 * and a request scope, so that logs, nested NATS requests and audit events carry the request id
 * and the trace id.
 */
@Injectable()
export class TelemetryInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    let name: string;
    let kind: SpanKind;
    let requestId: string;
    let traceparent: string | undefined;
    let subject: string | undefined;
    if (execution.getType() === 'rpc') {
      const nats = execution.switchToRpc().getContext<NatsContext>();
      const headers = nats.getHeaders() as MsgHdrs | undefined;
      subject = nats.getSubject();
      name = `nats handle ${subject}`;
      kind = SpanKind.SERVER;
      requestId = headers?.get(ContextHeaders.requestId) || 'unknown';
      traceparent = headers?.get(ContextHeaders.traceparent) || undefined;
    } else {
      const request = execution.switchToHttp().getRequest<HttpRequestLike>();
      const route = request.routeOptions?.url ?? 'unmatched';
      name = `HTTP ${request.method} ${route}`;
      kind = SpanKind.SERVER;
      requestId = request.prstContext?.requestId ?? 'unknown';
      const header = request.headers.traceparent;
      traceparent = typeof header === 'string' ? header : undefined;
    }
    const parent = contextFromTraceparent(traceparent);
    const span = otelTrace
      .getTracer('prst')
      .startSpan(name, { kind, attributes: spanAttributes({ 'prst.request_id': requestId }) }, parent);
    const active = otelTrace.setSpan(parent, span);

    return new Observable((subscriber) =>
      runInRequestScope({ requestId }, () =>
        otelContext.with(active, () =>
          next.handle().subscribe({
            next: (value) => subscriber.next(value),
            error: (error: unknown) => {
              const outcome = error instanceof PrstError ? error.name : 'INTERNAL_ERROR';
              span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
              span.end();
              if (subject) natsHandled.inc({ subject, outcome: 'error' });
              subscriber.error(error);
            },
            complete: () => {
              span.end();
              if (subject) natsHandled.inc({ subject, outcome: 'ok' });
              subscriber.complete();
            },
          }),
        ),
      ),
    );
  }
}
