import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import { AuditModule } from './audit/audit.module.js';
import { GatewayConfigModule } from './config/gateway-config.module.js';
import type { GatewayEnv } from './config/gateway-env.js';
import { migrations } from './migrations/index.js';
import { HealthController } from './health/health.controller.js';
import { SuiteHealthService } from './health/health.service.js';
import { FeedbackModule } from './feedback/feedback.module.js';
import { ExecutorClient } from './executor/executor.client.js';
import { PromptsController } from './prompts/prompts.controller.js';
import { ConnectorsController } from './connectors/connectors.controller.js';
import { ExecutionsController } from './executions/executions.controller.js';
import { ProxyController } from './proxy/proxy.controller.js';
import { ProxyRelay } from './proxy/proxy-relay.js';
import { PricingRulesController } from './pricing/pricing-rules.controller.js';
import { UsageController } from './usage/usage.controller.js';
import { SupportModule } from './support/support.module.js';
import { AuthModule } from './auth/auth.module.js';
import { UsersModule } from './users/users.module.js';
import { ApiCredentialsModule } from './api-credentials/api-credentials.module.js';
import { UserEntity } from './users/user.entity.js';
import { RefreshTokenEntity } from './auth/refresh-token.entity.js';
import { ApiCredentialEntity } from './api-credentials/api-credential.entity.js';
import { CredentialsModule } from './credentials/credentials.module.js';
import { EncryptionModule } from './encryption/encryption.module.js';
import { ApiDocsModule } from './docs/api-docs.module.js';

@Module({})
export class AppModule {
  static register(env: GatewayEnv): DynamicModule {
    const healthModule = HealthModule.forService('gateway', PRODUCT_VERSION, [DatabaseHealthCheck]);
    return {
      module: AppModule,
      imports: [
        GatewayConfigModule.register(env),
        MessagingModule.forRoot('gateway', env),
        PersistenceModule.forService('gateway', env, {
          entities: [UserEntity, RefreshTokenEntity, ApiCredentialEntity],
          migrations,
        }),
        healthModule,
        FeedbackModule,
        SupportModule,
        AuthModule,
        UsersModule,
        ApiCredentialsModule,
        CredentialsModule,
        EncryptionModule,
        AuditModule,
        ApiDocsModule,
      ],
      controllers: [HealthController, PromptsController, ConnectorsController, ExecutionsController, ProxyController, PricingRulesController, UsageController],
      providers: [SuiteHealthService, ExecutorClient, ProxyRelay],
    };
  }
}
