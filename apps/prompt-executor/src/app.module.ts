import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import type { PromptExecutorEnv } from './config/prompt-executor-env.js';
import { ConnectorEntity, ConnectorVersionEntity } from './connectors/connector.entity.js';
import { ConnectorsModule } from './connectors/connectors.module.js';
import { CoreModule } from './core.module.js';
import { ExecutionTaskEntity } from './executions/execution-task.entity.js';
import { ExecutionsModule } from './executions/executions.module.js';
import { migrations } from './migrations/index.js';
import { PricingRuleEntity } from './pricing/pricing-rule.entity.js';
import { PricingModule } from './pricing/pricing.module.js';
import { UsageModule } from './usage/usage.module.js';
import { PromptEntity, PromptLabelEntity, PromptVersionEntity } from './prompts/prompt.entity.js';
import { PromptsModule } from './prompts/prompts.module.js';
import { ProxyModule } from './proxy/proxy.module.js';

const entities = [PromptEntity, PromptVersionEntity, PromptLabelEntity, ConnectorEntity, ConnectorVersionEntity, ExecutionTaskEntity, PricingRuleEntity];

@Module({})
export class AppModule {
  static register(env: PromptExecutorEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot('prompt-executor', env),
        PersistenceModule.forService('prompt-executor', env, { entities, migrations }),
        HealthModule.forService('prompt-executor', PRODUCT_VERSION, [DatabaseHealthCheck]),
        CoreModule.register(env),
        ConnectorsModule,
        PromptsModule,
        ExecutionsModule,
        ProxyModule,
        PricingModule,
        UsageModule,
      ],
    };
  }
}
