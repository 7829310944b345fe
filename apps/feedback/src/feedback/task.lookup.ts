import { Injectable } from '@nestjs/common';
import { PrstError, Subjects, type CallerContext, type GetTaskRequest, type TaskReferenceReply } from '@prst/contracts';
import { RpcClient } from '@prst/messaging';

/** Asks the prompt-executor for a task; the executor owns tasks, feedback only refers to them. */
@Injectable()
export class TaskLookup {
  constructor(private readonly rpc: RpcClient) {}

  /** The task, or undefined when the executor says it does not exist. Other failures propagate (503/504). */
  async find(taskId: string, context: CallerContext): Promise<TaskReferenceReply | undefined> {
    const request: GetTaskRequest = { taskId };
    try {
      return await this.rpc.request<TaskReferenceReply>(Subjects.executor.taskGet, request, context);
    } catch (error) {
      if (error instanceof PrstError && error.serverCode === 404) return undefined;
      throw error;
    }
  }
}
