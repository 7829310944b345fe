import { Module } from '@nestjs/common';
import { ExecutionCatalog } from '../catalog/execution-catalog.js';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { PromptsModule } from '../prompts/prompts.module.js';
import { TaskPublisher } from '../tasks/task-publisher.js';
import { TaskWorker } from '../tasks/task-worker.js';
import { AuthTokens } from './auth-tokens.js';
import { ExecutionRunner } from './execution-runner.js';
import { ExecutionsController } from './executions.controller.js';
import { ExecutionsRepository } from './executions.repository.js';
import { ExecutionsService } from './executions.service.js';

@Module({
  imports: [PromptsModule, ConnectorsModule],
  controllers: [ExecutionsController],
  providers: [ExecutionCatalog, AuthTokens, ExecutionRunner, ExecutionsRepository, ExecutionsService, TaskPublisher, TaskWorker],
})
export class ExecutionsModule {}
