import { Module, type DynamicModule } from '@nestjs/common';
import { SUPPORT_SETTINGS, type SupportSettings } from '../config/support-settings.js';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { TicketsController } from './tickets.controller.js';
import { TicketsRepository } from './tickets.repository.js';
import { TicketsService } from './tickets.service.js';

@Module({})
export class TicketsModule {
  static register(settings: SupportSettings): DynamicModule {
    return {
      module: TicketsModule,
      imports: [DeliveryModule.register(settings)],
      controllers: [TicketsController],
      providers: [{ provide: SUPPORT_SETTINGS, useValue: settings }, TicketsRepository, TicketsService],
    };
  }
}
