import { envVar } from './env-var.js';

/** Variables every service reads: how to reach NATS and how to log. */
export const commonEnv = {
  NATS_URL: envVar.string({ description: 'NATS server URL(s), comma-separated', default: 'nats://127.0.0.1:4222' }),
  NATS_USER: envVar.string({ description: "this service's NATS user name" }),
  NATS_PASSWORD: envVar.string({ description: "this service's NATS password", sensitive: true }),
  NATS_REQUEST_TIMEOUT_MS: envVar.int({
    description: 'timeout of every NATS request to another service, in milliseconds',
    default: 5000,
    min: 100,
    max: 120000,
  }),
  LOG_LEVEL: envVar.oneOf(['error', 'warn', 'info', 'debug'] as const, {
    description: 'lowest level that is logged',
    default: 'info',
  }),
  TRACES_EXPORTER: envVar.oneOf(['none', 'console', 'file', 'otlp'] as const, {
    description: 'where spans go: none (default), console, a file, or an OTLP/HTTP collector inside your network',
    default: 'none',
  }),
  TRACES_FILE: envVar.optional(envVar.string({ description: 'file that receives spans as JSON lines when TRACES_EXPORTER=file' })),
  OTEL_EXPORTER_OTLP_ENDPOINT: envVar.optional(
    envVar.url({
      description: 'OTLP/HTTP collector base URL when TRACES_EXPORTER=otlp; must be a loopback, private or in-cluster address',
      protocols: ['http', 'https'],
    }),
  ),
  TRACES_INCLUDE_SENSITIVE: envVar.bool({
    description: 'put prompt parameter values and similar sensitive attributes on spans (secrets stay redacted)',
    default: false,
  }),
  JETSTREAM_REPLICAS: envVar.int({
    description: 'copies of each JetStream stream and key-value bucket this service owns (3 on a NATS cluster); applied to existing ones at start',
    default: 1,
    min: 1,
    max: 5,
  }),
  METRICS_ENABLED: envVar.bool({ description: 'serve Prometheus metrics on METRICS_PORT (pull only)', default: true }),
  METRICS_PORT: envVar.int({ description: 'port of the /metrics endpoint', default: 9464, min: 1, max: 65535 }),
  METRICS_HOST: envVar.string({ description: 'address the metrics endpoint binds to', default: '0.0.0.0' }),
  PROBE_PORT: envVar.optional(
    envVar.int({
      description: 'port of /healthz and /readyz for Kubernetes probes of a NATS-only service (unset: no listener)',
      min: 1,
      max: 65535,
    }),
  ),
};

/** Variables of every service that keeps data in PostgreSQL. */
export const databaseEnv = {
  DATABASE_URL: envVar.url({
    description: 'PostgreSQL connection URL',
    protocols: ['postgres', 'postgresql'],
    sensitive: true,
  }),
  DATABASE_POOL_SIZE: envVar.int({ description: 'connections per service process (the prompt-executor opens half as many more to record finished tasks)', default: 10, min: 1, max: 200 }),
};
