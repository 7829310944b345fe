import 'reflect-metadata';
import { bootstrapEnv, runService, startMicroservice } from '@prst/messaging';
import { feedbackEnvSchema } from './config/feedback-env.js';
import { AppModule } from './app.module.js';

runService('feedback', async () => {
  const { env, logger } = await bootstrapEnv('feedback', feedbackEnvSchema);
  await startMicroservice(
    'feedback',
    AppModule.register(env),
    env,
    logger,
  );
});
