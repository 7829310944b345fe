import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { SpanKind, withSpan } from '@prst/telemetry';

let installed = false;

/**
 * Gives every database query a client span. TypeORM has no query hook that sees timing, so the
 * PostgreSQL query runner's `query` is wrapped once per process. The statement text is recorded
 * (parameters never are: they may carry user data).
 */
export function installQueryTracing(): void {
  if (installed) return;
  installed = true;
  const prototype = PostgresQueryRunner.prototype as unknown as { query: (...args: unknown[]) => Promise<unknown> };
  const original = prototype.query;
  prototype.query = function tracedQuery(this: unknown, ...args: unknown[]) {
    const statement = typeof args[0] === 'string' ? args[0].slice(0, 200) : 'query';
    return withSpan('db query', SpanKind.CLIENT, { 'db.system': 'postgresql', 'db.statement': statement }, () =>
      original.apply(this, args),
    );
  };
}
