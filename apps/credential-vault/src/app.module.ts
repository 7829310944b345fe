import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import { type CredentialVaultEnv } from './config/credential-vault-env.js';
import { migrations } from './migrations/index.js';
import { KeysModule } from './keys/keys.module.js';
import { InstallationEntity, KeyVersionEntity } from './keys/key-version.entity.js';
import { CredentialEntity, CredentialSlotEntity } from './credentials/credential.entity.js';
import { CredentialsModule } from './credentials/credentials.module.js';
import { RotationModule } from './rotation/rotation.module.js';
import { EnvModule } from './config/env.module.js';

@Module({})
export class AppModule {
  static register(env: CredentialVaultEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvModule.register(env),
        MessagingModule.forRoot('credential-vault', env),
        PersistenceModule.forService('credential-vault', env, {
          entities: [InstallationEntity, KeyVersionEntity, CredentialEntity, CredentialSlotEntity],
          migrations,
        }),
        HealthModule.forService('credential-vault', PRODUCT_VERSION, [DatabaseHealthCheck]),
        KeysModule,
        CredentialsModule,
        RotationModule,
      ],
    };
  }
}
