import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The one metrics registry of this process, read by the scrape endpoint (pull only, never pushed). */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'prst_process_' });

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequests = new Counter({
  name: 'prst_http_requests_total',
  help: 'HTTP requests answered by the gateway, by method, route and status code',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'prst_http_request_duration_seconds',
  help: 'HTTP request latency by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const natsRequestDuration = new Histogram({
  name: 'prst_nats_request_duration_seconds',
  help: 'Latency of NATS requests to other services, by subject and outcome',
  labelNames: ['subject', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const natsHandled = new Counter({
  name: 'prst_nats_messages_handled_total',
  help: 'NATS requests and events handled by this service, by subject and outcome',
  labelNames: ['subject', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const executionsTotal = new Counter({
  name: 'prst_executions_total',
  help: 'Finished executions by status and connector',
  labelNames: ['status', 'connector'] as const,
  registers: [metricsRegistry],
});

export const providerRequestDuration = new Histogram({
  name: 'prst_provider_request_duration_seconds',
  help: 'Latency of calls to AI providers by host and HTTP status ("error" when no answer came)',
  labelNames: ['host', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const auditConsumerLag = new Gauge({
  name: 'prst_audit_consumer_lag',
  help: 'Audit events in PRST_AUDIT not yet stored by the audit-log consumer',
  registers: [metricsRegistry],
});
