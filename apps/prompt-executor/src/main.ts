import 'reflect-metadata';
import { bootstrapEnv, runService, startMicroservice } from '@prst/messaging';
import { promptExecutorEnvSchema } from './config/prompt-executor-env.js';
import { AppModule } from './app.module.js';

runService('prompt-executor', async () => {
  const { env, logger } = await bootstrapEnv('prompt-executor', promptExecutorEnvSchema);
  await startMicroservice(
    'prompt-executor',
    AppModule.register(env),
    env,
    logger,
  );
});
