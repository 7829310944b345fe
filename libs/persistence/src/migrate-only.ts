import type { MixedList } from 'typeorm';
import { commonEnv, databaseEnv, loadEnv } from '@prst/config';
import { APP_SCHEMAS, type AppName } from '@prst/contracts';
import { JsonLogger, registerSecret } from '@prst/telemetry';
import { openDataSource } from './open-data-source.js';

/**
 * Applies one service's pending migrations and returns, without NATS, tracing or a metrics listener (a
 * listener would keep the Job's process alive): the entry of the chart's migration Job
 * (apps/<service>/dist/src/migrate.js). Uses the same openDataSource as the service itself, so both
 * serialize on the schema's advisory lock.
 */
export async function migrateOnly(app: AppName, migrations: MixedList<Function | string>): Promise<void> {
  const env = loadEnv(app, { LOG_LEVEL: commonEnv.LOG_LEVEL, ...databaseEnv });
  registerSecret(env.DATABASE_URL);
  const logger = new JsonLogger(app, env.LOG_LEVEL);
  const dataSource = await openDataSource({
    url: env.DATABASE_URL,
    schema: APP_SCHEMAS[app],
    entities: [],
    migrations,
    // One connection holds the advisory lock while the migrations run on another.
    poolSize: 2,
    applicationName: `${app}-migrations`,
  });
  await dataSource.destroy();
  logger.log(`${app}: schema ${APP_SCHEMAS[app]} is up to date`);
}
