import 'reflect-metadata';
import { bootstrapEnv, runService, startMicroservice } from '@prst/messaging';
import { credentialVaultEnvSchema } from './config/credential-vault-env.js';
import { AppModule } from './app.module.js';

runService('credential-vault', async () => {
  const { env, logger } = await bootstrapEnv('credential-vault', credentialVaultEnvSchema);
  await startMicroservice(
    'credential-vault',
    AppModule.register(env),
    env,
    logger,
  );
});
