import type { LoggerService } from '@nestjs/common';
import { redact, redactString } from './redactor.js';
import { currentRequestScope } from './request-scope.js';
import { currentTraceId } from './tracing/tracing.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** One JSON line per event on stdout, every field redacted; also serves as Nest's logger. */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly level: LogLevel = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  emit(level: LogLevel, message: unknown, fields: Record<string, unknown> = {}): void {
    if (RANK[level] > RANK[this.level]) return;
    const text = typeof message === 'string' ? message : JSON.stringify(redact(message));
    const requestId = currentRequestScope()?.requestId;
    const traceId = currentTraceId();
    const entry = {
      level,
      time: new Date().toISOString(),
      service: this.service,
      ...(requestId ? { requestId } : {}),
      ...(traceId ? { traceId } : {}),
      message: redactString(text),
      ...(redact(fields) as Record<string, unknown>),
    };
    this.write(JSON.stringify(entry));
  }

  log(message: unknown, context?: string): void {
    this.emit('info', message, context ? { context } : {});
  }
  error(message: unknown, trace?: string, context?: string): void {
    // Stack traces stay in the server log only; they never reach a client.
    this.emit('error', message, { ...(context ? { context } : {}), ...(trace ? { stack: trace } : {}) });
  }
  warn(message: unknown, context?: string): void {
    this.emit('warn', message, context ? { context } : {});
  }
  debug(message: unknown, context?: string): void {
    this.emit('debug', message, context ? { context } : {});
  }
  verbose(message: unknown, context?: string): void {
    this.debug(message, context);
  }
}
