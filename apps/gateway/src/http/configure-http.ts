import helmet from '@fastify/helmet';
import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TelemetryInterceptor } from '@prst/messaging';
import { httpRequestDuration, httpRequests } from '@prst/telemetry';
import { createValidationPipe } from '@prst/messaging';
import { HttpErrorFilter } from './http-error.filter.js';
import { installRequestContext } from './request-context.js';

/** Security headers, request context, telemetry and the error envelope for every HTTP answer. */
export async function configureHttp(app: NestFastifyApplication, logger: LoggerService): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  installRequestContext(fastify);
  await app.register(helmet, {
    // An API answers JSON only: nothing may be loaded, framed or executed from its responses.
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    hsts: { maxAge: 31536000, includeSubDomains: true },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(logger));
  app.useGlobalInterceptors(new TelemetryInterceptor());
  fastify.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, so ids do not explode the number of series.
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    httpRequestDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}
