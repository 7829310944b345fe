import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ExecutionIdRequest,
  GetTaskRequest,
  ListExecutionsRequest,
  RunExecutionRequest,
  Subjects,
  type CallerContext,
  type TaskReferenceReply,
} from '@prst/contracts';
import { Caller } from '@prst/messaging';
import { ExecutionsService } from './executions.service.js';

@Controller()
export class ExecutionsController {
  constructor(private readonly executions: ExecutionsService) {}

  @MessagePattern(Subjects.executor.executionRun)
  run(@Payload() request: RunExecutionRequest, @Caller() context: CallerContext) {
    return this.executions.run(request, context);
  }

  @MessagePattern(Subjects.executor.executionGet)
  get(@Payload() request: ExecutionIdRequest) {
    return this.executions.get(request.id);
  }

  /** For other services (feedback): which prompt version a task ran. */
  @MessagePattern(Subjects.executor.taskGet)
  reference(@Payload() request: GetTaskRequest): Promise<TaskReferenceReply> {
    return this.executions.reference(request.taskId);
  }

  @MessagePattern(Subjects.executor.executionList)
  list(@Payload() request: ListExecutionsRequest) {
    return this.executions.list(request);
  }
}
