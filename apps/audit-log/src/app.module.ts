import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import { AuditConfigModule } from './config/audit-config.module.js';
import type { AuditLogEnv } from './config/audit-log-env.js';
import { IngestModule } from './ingest/ingest.module.js';
import { migrations } from './migrations/index.js';
import { RecordsModule } from './records/records.module.js';

@Module({})
export class AppModule {
  static register(env: AuditLogEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AuditConfigModule.forRoot(env),
        MessagingModule.forRoot('audit-log', env),
        PersistenceModule.forService('audit-log', env, { entities: [], migrations }),
        HealthModule.forService('audit-log', PRODUCT_VERSION, [DatabaseHealthCheck]),
        IngestModule,
        RecordsModule,
      ],
    };
  }
}
