import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import type { SupportNotifierEnv } from './config/support-notifier-env.js';
import { migrations } from './migrations/index.js';

@Module({})
export class AppModule {
  static register(env: SupportNotifierEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot('support-notifier', env),
        PersistenceModule.forService('support-notifier', env, { entities: [], migrations }),
        HealthModule.forService('support-notifier', PRODUCT_VERSION, [DatabaseHealthCheck]),
      ],
    };
  }
}
