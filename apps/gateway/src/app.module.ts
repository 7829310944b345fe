import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import { GATEWAY_ENV, type GatewayEnv } from './config/gateway-env.js';
import { migrations } from './migrations/index.js';
import { HealthController } from './health/health.controller.js';
import { SuiteHealthService } from './health/health.service.js';
import { FeedbackModule } from './feedback/feedback.module.js';
import { ExecutorClient } from './executor/executor.client.js';
import { PromptsController } from './prompts/prompts.controller.js';
import { ConnectorsController } from './connectors/connectors.controller.js';
import { ExecutionsController } from './executions/executions.controller.js';
import { SupportModule } from './support/support.module.js';

@Module({})
export class AppModule {
  static register(env: GatewayEnv): DynamicModule {
    const healthModule = HealthModule.forService('gateway', PRODUCT_VERSION, [DatabaseHealthCheck]);
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot('gateway', env),
        PersistenceModule.forService('gateway', env, { entities: [], migrations }),
        healthModule,
        FeedbackModule,
        SupportModule,
      ],
      controllers: [HealthController, PromptsController, ConnectorsController, ExecutionsController],
      providers: [{ provide: GATEWAY_ENV, useValue: env }, SuiteHealthService, ExecutorClient],
    };
  }
}
