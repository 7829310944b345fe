import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetUsageRequest, Subjects } from '@prst/contracts';
import { UsageService } from './usage.service.js';

@Controller()
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @MessagePattern(Subjects.executor.usageGet)
  report(@Payload() request: GetUsageRequest) {
    return this.usage.report(request);
  }
}
