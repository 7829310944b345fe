import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import type { FeedbackEnv } from './config/feedback-env.js';
import { migrations } from './migrations/index.js';
import { FeedbackEntity } from './feedback/feedback.entity.js';
import { FeedbackModule } from './feedback/feedback.module.js';

@Module({})
export class AppModule {
  static register(env: FeedbackEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot('feedback', env),
        PersistenceModule.forService('feedback', env, { entities: [FeedbackEntity], migrations }),
        HealthModule.forService('feedback', PRODUCT_VERSION, [DatabaseHealthCheck]),
        FeedbackModule,
      ],
    };
  }
}
