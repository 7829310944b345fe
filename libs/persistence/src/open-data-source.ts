import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { coalesceDataSourceWrites } from './coalesced-writes.js';
import { installQueryTracing } from './query-tracing.js';

export interface DatabaseOptions {
  url: string;
  /** The one schema this service owns. */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  poolSize: number;
  applicationName: string;
}

/**
 * Connects, creates the service's schema when missing and applies its pending migrations.
 * An advisory lock per schema makes concurrent replicas migrate one after another.
 */
export async function openDataSource(options: DatabaseOptions): Promise<DataSource> {
  installQueryTracing();
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    extra: { max: options.poolSize, connectionTimeoutMillis: 5000 },
  });
  await dataSource.initialize();
  coalesceDataSourceWrites(dataSource);
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`prst:migrations:${options.schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    await dataSource.runMigrations();
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`prst:migrations:${options.schema}`]).catch(() => undefined);
    await runner.release();
  }
  return dataSource;
}
