import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { PromptsModule } from '../prompts/prompts.module.js';
import { PricingCalculator } from './pricing-calculator.js';
import { PricingController } from './pricing.controller.js';
import { PricingRepository } from './pricing.repository.js';
import { PricingService } from './pricing.service.js';

/** Pricing rules (CRUD) and the calculator that prices every finished task from the cached rules. */
@Module({
  imports: [ConnectorsModule, PromptsModule],
  controllers: [PricingController],
  providers: [PricingRepository, PricingService, PricingCalculator],
  exports: [PricingCalculator],
})
export class PricingModule {}
