import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import type { FeedbackEnv } from './config/feedback-env.js';
import { migrations } from './migrations/index.js';

@Module({})
export class AppModule {
  static register(env: FeedbackEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot('feedback', env),
        PersistenceModule.forService('feedback', env, { entities: [], migrations }),
        HealthModule.forService('feedback', PRODUCT_VERSION, [DatabaseHealthCheck]),
      ],
    };
  }
}
