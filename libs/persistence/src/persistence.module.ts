import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_SCHEMAS, type AppName } from '@prst/contracts';
import { openDataSource, type DatabaseOptions } from './open-data-source.js';

/** The database variables of a service's environment (see databaseEnv in @prst/config). */
export interface DatabaseEnv {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
}
import { DatabaseHealthCheck } from './database-health.check.js';

class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Provides the service's migrated DataSource (inject `DataSource`) and its health check. */
@Global()
@Module({})
export class PersistenceModule {
  /** The DataSource of `app`'s own schema, configured from its environment. */
  static forService(app: AppName, env: DatabaseEnv, model: Pick<DatabaseOptions, 'entities' | 'migrations'>): DynamicModule {
    return PersistenceModule.forRoot({
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      schema: APP_SCHEMAS[app],
      applicationName: app,
      ...model,
    });
  }

  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: DataSource, useFactory: () => openDataSource(options) },
        DatabaseHealthCheck,
        DataSourceCloser,
      ],
      exports: [DataSource, DatabaseHealthCheck],
    };
  }
}
