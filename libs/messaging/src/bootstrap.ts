import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { INestApplication, INestMicroservice, LoggerService } from '@nestjs/common';
import type { AppName } from '@prst/contracts';
import { ConfigError } from '@prst/config';
import { natsConnectionOptions, natsSettingsFrom, type NatsEnv } from './nats-options.js';
import { HealthService } from './health/health.service.js';
import { startProbeServer } from './health/probe-server.js';
import { RpcErrorFilter } from './rpc-error.filter.js';
import { createValidationPipe } from './validation.js';
import { TelemetryInterceptor } from './telemetry.interceptor.js';

/**
 * Runs a service's start function; a configuration problem or a failed start is printed once and
 * ends the process with exit code 1, so orchestrators see the failure.
 */
export function runService(app: AppName, start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`${app}: failed to start: ${(error as Error)?.message ?? String(error)}\n`);
    }
    process.exit(1);
  });
}

/** NATS transport options for a service: its own user, inbox prefix and queue group. */
export function natsTransport(app: AppName, env: NatsEnv): MicroserviceOptions {
  return {
    transport: Transport.NATS,
    options: { ...natsConnectionOptions(app, natsSettingsFrom(env)), queue: app, gracefulShutdown: true, gracePeriod: 1000 },
  };
}

/** Applies the suite's validation, error mapping and telemetry to a listener. */
export function configureMicroservice(service: INestMicroservice | INestApplication, logger: LoggerService): void {
  service.useGlobalPipes(createValidationPipe());
  service.useGlobalFilters(new RpcErrorFilter(logger));
  service.useGlobalInterceptors(new TelemetryInterceptor());
}

/**
 * Creates and starts a NATS-only service; with PROBE_PORT set it also answers Kubernetes probes over HTTP
 * (such a service has no other HTTP listener).
 */
export async function startMicroservice(
  app: AppName,
  module: unknown,
  env: NatsEnv & { PROBE_PORT?: number },
  logger: LoggerService,
): Promise<INestMicroservice> {
  const service = await NestFactory.createMicroservice<MicroserviceOptions>(module as never, {
    ...natsTransport(app, env),
    logger,
  });
  configureMicroservice(service, logger);
  service.enableShutdownHooks();
  await service.listen();
  logger.log(`${app} is listening on NATS (queue group ${app})`);
  if (env.PROBE_PORT) {
    const health = service.get(HealthService, { strict: false });
    await startProbeServer(env.PROBE_PORT, async () => (await health.report()).status === 'ok');
    logger.log(`${app} answers probes on :${env.PROBE_PORT} (/healthz, /readyz)`);
  }
  return service;
}
