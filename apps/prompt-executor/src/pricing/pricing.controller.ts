import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreatePricingRuleRequest,
  ListPricingRulesRequest,
  PricingRuleIdRequest,
  Subjects,
  UpdatePricingRuleRequest,
  type CallerContext,
} from '@prst/contracts';
import { Caller } from '@prst/messaging';
import { PricingService } from './pricing.service.js';

@Controller()
export class PricingController {
  constructor(private readonly pricing: PricingService) {}

  @MessagePattern(Subjects.executor.pricingRuleCreate)
  create(@Payload() request: CreatePricingRuleRequest, @Caller() context: CallerContext) {
    return this.pricing.create(request, context);
  }

  @MessagePattern(Subjects.executor.pricingRuleList)
  list(@Payload() request: ListPricingRulesRequest) {
    return this.pricing.list(request);
  }

  @MessagePattern(Subjects.executor.pricingRuleGet)
  get(@Payload() request: PricingRuleIdRequest) {
    return this.pricing.get(request.id);
  }

  @MessagePattern(Subjects.executor.pricingRuleUpdate)
  update(@Payload() request: UpdatePricingRuleRequest, @Caller() context: CallerContext) {
    return this.pricing.update(request, context);
  }

  @MessagePattern(Subjects.executor.pricingRuleDelete)
  async delete(@Payload() request: PricingRuleIdRequest, @Caller() context: CallerContext) {
    await this.pricing.delete(request.id, context);
    return { id: request.id, deleted: true };
  }
}
