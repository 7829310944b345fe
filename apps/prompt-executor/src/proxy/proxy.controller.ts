import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ProxyCallRequest, Subjects, type CallerContext, type ProxyCallReply } from '@prst/contracts';
import { Caller } from '@prst/messaging';
import { ProxyService } from './proxy.service.js';

@Controller()
export class ProxyController {
  constructor(private readonly proxy: ProxyService) {}

  @MessagePattern(Subjects.executor.proxyCall)
  call(@Payload() request: ProxyCallRequest, @Caller() context: CallerContext): Promise<ProxyCallReply> {
    return this.proxy.call(request, context);
  }
}
