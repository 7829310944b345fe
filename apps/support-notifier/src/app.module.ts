import { Module, type DynamicModule } from '@nestjs/common';
import { PRODUCT_VERSION } from '@prst/contracts';
import { HealthModule, MessagingModule } from '@prst/messaging';
import { DatabaseHealthCheck, PersistenceModule } from '@prst/persistence';
import type { SupportNotifierEnv } from './config/support-notifier-env.js';
import type { SupportSettings } from './config/support-settings.js';
import { migrations } from './migrations/index.js';
import { TicketEntity } from './tickets/ticket.entity.js';
import { DeliveryJobEntity } from './delivery/delivery-job.entity.js';
import { DeliveryAttemptEntity } from './delivery/delivery-attempt.entity.js';
import { TicketsModule } from './tickets/tickets.module.js';

@Module({})
export class AppModule {
  static register(env: SupportNotifierEnv, settings: SupportSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot('support-notifier', env),
        PersistenceModule.forService('support-notifier', env, {
          entities: [TicketEntity, DeliveryJobEntity, DeliveryAttemptEntity],
          migrations,
        }),
        HealthModule.forService('support-notifier', PRODUCT_VERSION, [DatabaseHealthCheck]),
        TicketsModule.register(settings),
      ],
    };
  }
}
