import pg from 'pg';
import { coalescePoolWrites } from './coalesced-writes.js';

export interface AsyncCommitPoolOptions {
  url: string;
  applicationName: string;
  max: number;
}

/**
 * A connection pool whose commits do not wait for the WAL flush (`synchronous_commit = off`): for
 * rows whose durable record is kept elsewhere. A database crash can lose the last fraction of a
 * second of such commits, never corrupt or half-write them. Connects like the service's DataSource
 * (the same URL; PGPASSWORD and TLS settings from the environment and the URL).
 */
export function openAsyncCommitPool(options: AsyncCommitPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    application_name: options.applicationName,
    max: options.max,
    connectionTimeoutMillis: 5000,
    options: '-c synchronous_commit=off',
  });
  // An idle connection that the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  coalescePoolWrites(pool);
  return pool;
}
