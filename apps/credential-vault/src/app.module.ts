import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import type { CredentialVaultEnv } from './config/credential-vault-env.js';
import { migrations } from './migrations/index.js';

@Module({})
export class AppModule {
  static register(env: CredentialVaultEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot('credential-vault', env),
        PersistenceModule.forService('credential-vault', env, { entities: [], migrations }),
        HealthModule.forService('credential-vault', PRODUCT_VERSION, [DatabaseHealthCheck]),
      ],
    };
  }
}
