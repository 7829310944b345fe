import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import type { PromptExecutorEnv } from './config/prompt-executor-env.js';
import { migrations } from './migrations/index.js';

@Module({})
export class AppModule {
  static register(env: PromptExecutorEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot('prompt-executor', env),
        PersistenceModule.forService('prompt-executor', env, { entities: [], migrations }),
        HealthModule.forService('prompt-executor', PRODUCT_VERSION, [DatabaseHealthCheck]),
      ],
    };
  }
}
