import 'reflect-metadata';
import { bootstrapEnv, runService, startMicroservice } from '@prst/messaging';
import { supportNotifierEnvSchema } from './config/support-notifier-env.js';
import { resolveSupportSettings } from './config/support-settings.js';
import { AppModule } from './app.module.js';

runService('support-notifier', async () => {
  const { env, logger } = await bootstrapEnv('support-notifier', supportNotifierEnvSchema);
  const settings = resolveSupportSettings(env);
  if (settings.identity) {
    logger.log(
      `support notifications are ON: tickets are sent to ${settings.apiUrl.origin}${settings.apiUrl.pathname} ` +
        `with organization, license key, ROOT_EMAIL, category, description and ticket id, nothing else`,
    );
  } else {
    logger.log(
      'support notifications are OFF (set SUPPORT_ENABLED=true with ORGANIZATION, LICENSE_KEY and ROOT_EMAIL to turn them on): ' +
        'tickets are kept locally with status "disabled" and nothing is sent',
    );
  }
  await startMicroservice('support-notifier', AppModule.register(env, settings), env, logger);
});
