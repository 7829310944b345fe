import type { MixedList } from 'typeorm';
import { commonEnv, databaseEnv } from '@prst/config';
import { APP_SCHEMAS, type AppName } from '@prst/contracts';
import { bootstrapEnv } from '@prst/messaging';
import { openDataSource } from './open-data-source.js';

/**
 * Applies one service's pending migrations and returns, without NATS or the rest of the service: the
 * entry of the chart's pre-upgrade migration Job (apps/<service>/dist/src/migrate.js). Uses the same
 * openDataSource as the service itself, so both serialize on the schema's advisory lock.
 */
export async function migrateOnly(app: AppName, migrations: MixedList<Function | string>): Promise<void> {
  const { env, logger } = bootstrapEnv(app, { LOG_LEVEL: commonEnv.LOG_LEVEL, ...databaseEnv });
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
