import 'reflect-metadata';
import { bootstrapEnv, runService, startMicroservice } from '@prst/messaging';
import { auditLogEnvSchema } from './config/audit-log-env.js';
import { AppModule } from './app.module.js';

runService('audit-log', async () => {
  const { env, logger } = await bootstrapEnv('audit-log', auditLogEnvSchema);
  await startMicroservice(
    'audit-log',
    AppModule.register(env),
    env,
    logger,
  );
});
