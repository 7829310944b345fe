import 'reflect-metadata';
import { bootstrapEnv, runService, startMicroservice } from '@prst/messaging';
import { supportNotifierEnvSchema } from './config/support-notifier-env.js';
import { AppModule } from './app.module.js';

runService('support-notifier', async () => {
  const { env, logger } = await bootstrapEnv('support-notifier', supportNotifierEnvSchema);
  await startMicroservice(
    'support-notifier',
    AppModule.register(env),
    env,
    logger,
  );
});
