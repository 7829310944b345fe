export * from './redactor.js';
export * from './json-logger.js';
export * from './request-scope.js';
export * from './tracing/tracing.js';
export * from './tracing/internal-endpoint.js';
export * from './tracing/file-span-exporter.js';
export * from './metrics/metrics.js';
export * from './metrics/metrics-server.js';
