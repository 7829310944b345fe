import { Module, type DynamicModule } from '@nestjs/common';
import { SUPPORT_SETTINGS, type SupportSettings } from '../config/support-settings.js';
import { DELIVERY_TRIGGER, type DeliveryTrigger } from './delivery-trigger.js';
import { DeliveryRepository } from './delivery.repository.js';
import { DeliveryWorker } from './delivery.worker.js';
import { VendorClient } from './vendor-client.js';

const NOTHING_TO_DELIVER: DeliveryTrigger = { nudge: () => undefined };

/**
 * The outbox worker and the HTTPS client, registered only when support is on: with support off the
 * service holds no code path that could open a connection to the vendor.
 */
@Module({})
export class DeliveryModule {
  static register(settings: SupportSettings): DynamicModule {
    const settingsProvider = { provide: SUPPORT_SETTINGS, useValue: settings };
    if (!settings.identity) {
      return {
        module: DeliveryModule,
        providers: [settingsProvider, { provide: DELIVERY_TRIGGER, useValue: NOTHING_TO_DELIVER }],
        exports: [DELIVERY_TRIGGER],
      };
    }
    return {
      module: DeliveryModule,
      providers: [
        settingsProvider,
        DeliveryRepository,
        VendorClient,
        DeliveryWorker,
        { provide: DELIVERY_TRIGGER, useExisting: DeliveryWorker },
      ],
      exports: [DELIVERY_TRIGGER],
    };
  }
}
