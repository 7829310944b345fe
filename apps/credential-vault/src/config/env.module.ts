import { Global, Module, type DynamicModule } from '@nestjs/common';
import { VAULT_ENV, type CredentialVaultEnv } from './credential-vault-env.js';

/** Makes the validated environment injectable (VAULT_ENV) everywhere in the vault. */
@Global()
@Module({})
export class EnvModule {
  static register(env: CredentialVaultEnv): DynamicModule {
    return { module: EnvModule, providers: [{ provide: VAULT_ENV, useValue: env }], exports: [VAULT_ENV] };
  }
}
