import { appendFileSync } from 'node:fs';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Writes finished spans as JSON lines to a local file (one span per line). */
export class FileSpanExporter implements SpanExporter {
  constructor(private readonly file: string) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const lines = spans.map((span) =>
      JSON.stringify({
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
        parentSpanId: span.parentSpanContext?.spanId,
        name: span.name,
        kind: span.kind,
        service: span.resource.attributes['service.name'],
        startTime: span.startTime,
        durationMs: span.duration[0] * 1e3 + span.duration[1] / 1e6,
        status: span.status,
        attributes: span.attributes,
      }),
    );
    try {
      if (lines.length) appendFileSync(this.file, lines.join('\n') + '\n');
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  async shutdown(): Promise<void> {}
}
