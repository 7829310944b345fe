import {
  context,
  INVALID_SPAN_CONTEXT,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { redact } from '../redactor.js';
import { FileSpanExporter } from './file-span-exporter.js';
import { assertInternalEndpoint } from './internal-endpoint.js';

export type TracesExporter = 'none' | 'console' | 'file' | 'otlp';

export interface TracingOptions {
  service: string;
  version: string;
  exporter: TracesExporter;
  file?: string;
  otlpEndpoint?: string;
  /** When false (default), attributes that may carry secrets or prompt parameter values are dropped. */
  includeSensitive: boolean;
}

const TRACER = 'prst';
let includeSensitive = false;
/** Whether spans go anywhere (TRACES_EXPORTER other than none). */
let recording = false;
/** What `withSpan` hands to its function when tracing is off (the no-op tracer's span, made once). */
const NON_RECORDING_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * Sets up tracing with a local exporter only. With `none` (the default) no provider is registered
 * and every span helper below is a cheap no-op. An OTLP endpoint outside the private network stops
 * the service at boot.
 */
export async function initTracing(options: TracingOptions): Promise<() => Promise<void>> {
  includeSensitive = options.includeSensitive;
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  if (options.exporter === 'none') return async () => undefined;

  // The SDK and the exporters are loaded only when tracing is on: ≈ 10 MB of resident memory per
  // service that the default (none) does not need.
  const [{ resourceFromAttributes }, { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor }, { NodeTracerProvider }] = await Promise.all([
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-trace-node'),
  ]);
  let exporter: SpanExporter;
  if (options.exporter === 'console') exporter = new ConsoleSpanExporter();
  else if (options.exporter === 'file') {
    if (!options.file) throw new Error('TRACES_FILE is required when TRACES_EXPORTER=file');
    exporter = new FileSpanExporter(options.file);
  } else {
    if (!options.otlpEndpoint) throw new Error('OTEL_EXPORTER_OTLP_ENDPOINT is required when TRACES_EXPORTER=otlp');
    await assertInternalEndpoint(options.otlpEndpoint, 'OTEL_EXPORTER_OTLP_ENDPOINT');
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    exporter = new OTLPTraceExporter({ url: new URL('/v1/traces', options.otlpEndpoint).toString() });
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service, 'service.version': options.version }),
    spanProcessors: [options.exporter === 'file' ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  recording = true;
  return async () => {
    recording = false;
    await provider.shutdown();
  };
}

/** Attributes safe for a span: redacted, and without sensitive ones unless the operator allowed them. */
export function spanAttributes(attributes: Attributes, sensitive: Attributes = {}): Attributes {
  // Without tracing the no-op tracer drops attributes: redacting them would be wasted work on every
  // request, query and NATS call (≈ 3 % of the gateway's and executor's CPU, bench/ profile).
  if (!recording) return attributes;
  const merged = includeSensitive ? { ...attributes, ...sensitive } : attributes;
  return redact(merged) as Attributes;
}

/** Runs `fn` inside a new span (child of the active one); records errors and ends the span. */
export async function withSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  // Without tracing there is no span to start, end or mark: just run (in `parent`, as a span would).
  if (!recording) return context.with(parent, () => fn(NON_RECORDING_SPAN));
  const span = trace.getTracer(TRACER).startSpan(name, { kind, attributes: spanAttributes(attributes) }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: String((error as Error)?.name ?? 'error') });
    throw error;
  } finally {
    span.end();
  }
}

/** The W3C traceparent of the active span, for message headers. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** A context whose parent is the remote span of `traceparent` (or the active one when absent). */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return context.active();
  return propagation.extract(context.active(), { traceparent });
}

export function currentTraceId(): string | undefined {
  const id = trace.getActiveSpan()?.spanContext().traceId;
  return id && id !== '00000000000000000000000000000000' ? id : undefined;
}

export { SpanKind, SpanStatusCode, context as otelContext, trace as otelTrace };
export type { Span };
