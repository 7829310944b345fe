import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { ExecutionsModule } from '../executions/executions.module.js';
import { ProxyController } from './proxy.controller.js';
import { ProxyService } from './proxy.service.js';
import { ProxyTargets } from './proxy-targets.js';

/** The OpenAI- and Anthropic-compatible provider proxy; its calls are tasks like executions. */
@Module({
  imports: [ConnectorsModule, ExecutionsModule],
  controllers: [ProxyController],
  providers: [ProxyTargets, ProxyService],
})
export class ProxyModule {}
