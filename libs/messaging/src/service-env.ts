import { loadEnv, type EnvSchema, type EnvValues, type commonEnv } from '@prst/config';
import { PRODUCT_VERSION, type AppName } from '@prst/contracts';
import { initTracing, JsonLogger, registerSecret, startMetricsServer } from '@prst/telemetry';

type ObservabilityEnv = EnvValues<Pick<typeof commonEnv, 'LOG_LEVEL' | 'TRACES_EXPORTER' | 'TRACES_FILE' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'TRACES_INCLUDE_SENSITIVE' | 'METRICS_ENABLED' | 'METRICS_PORT' | 'METRICS_HOST'>>;

/**
 * Validates a service's environment (throwing ConfigError listing every problem), registers every
 * sensitive value with the redactor so it can never be logged, creates the service's logger, sets
 * up tracing (local exporters only) and the metrics endpoint.
 */
export async function bootstrapEnv<S extends EnvSchema & typeof commonEnv>(
  app: AppName,
  schema: S,
  source: Record<string, string | undefined> = process.env,
): Promise<{ env: EnvValues<S>; logger: JsonLogger }> {
  const env = loadEnv(app, schema, source);
  for (const [name, variable] of Object.entries(schema)) {
    const value = env[name as keyof S];
    if (variable.sensitive && typeof value === 'string') registerSecret(value);
  }
  const observability = env as unknown as ObservabilityEnv;
  const logger = new JsonLogger(app, observability.LOG_LEVEL);
  await initTracing({
    service: app,
    version: PRODUCT_VERSION,
    exporter: observability.TRACES_EXPORTER,
    file: observability.TRACES_FILE,
    otlpEndpoint: observability.OTEL_EXPORTER_OTLP_ENDPOINT,
    includeSensitive: observability.TRACES_INCLUDE_SENSITIVE,
  });
  if (observability.METRICS_ENABLED) {
    const metrics = await startMetricsServer(observability.METRICS_PORT, observability.METRICS_HOST);
    logger.log(`metrics on http://${observability.METRICS_HOST}:${metrics.port}/metrics`);
  }
  return { env, logger };
}
