import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import type { AuditLogEnv } from './config/audit-log-env.js';
import { migrations } from './migrations/index.js';
import { AuditStreamSetup } from './stream/audit-stream.setup.js';

@Module({})
export class AppModule {
  static register(env: AuditLogEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot('audit-log', env),
        PersistenceModule.forService('audit-log', env, { entities: [], migrations }),
        HealthModule.forService('audit-log', PRODUCT_VERSION, [DatabaseHealthCheck]),
      ],
      providers: [AuditStreamSetup],
    };
  }
}
