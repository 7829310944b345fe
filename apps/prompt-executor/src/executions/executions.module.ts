import { Module } from '@nestjs/common';
import { ExecutionCatalog } from '../catalog/execution-catalog.js';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { ConnectorSecrets } from '../credentials/connector-secrets.js';
import { StreamPump } from '../streaming/stream-pump.js';
import { PricingModule } from '../pricing/pricing.module.js';
import { PromptsModule } from '../prompts/prompts.module.js';
import { TaskPublisher } from '../tasks/task-publisher.js';
import { TaskWorker } from '../tasks/task-worker.js';
import { AuthTokens } from './auth-tokens.js';
import { ExecutionRunner } from './execution-runner.js';
import { ExecutionStreamer } from './execution-streamer.js';
import { ExecutionsController } from './executions.controller.js';
import { ExecutionsRepository } from './executions.repository.js';
import { ExecutionsService } from './executions.service.js';
import { TaskHistoryPoolCloser, taskHistoryPoolProvider } from './task-history-pool.js';

@Module({
  imports: [PromptsModule, ConnectorsModule, PricingModule],
  controllers: [ExecutionsController],
  providers: [ExecutionCatalog, AuthTokens, ConnectorSecrets, StreamPump, ExecutionRunner, ExecutionStreamer, ExecutionsRepository, ExecutionsService, TaskPublisher, TaskWorker, taskHistoryPoolProvider, TaskHistoryPoolCloser],
  // The proxy records its calls as tasks and shares the credential and auth-token caches.
  exports: [ExecutionsRepository, ConnectorSecrets, StreamPump],
})
export class ExecutionsModule {}
