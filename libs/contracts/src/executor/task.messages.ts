import { IsUUID } from 'class-validator';

/**
 * `prst.executor.task.get.v1`: looks up one execution task by id. Answered by prompt-executor;
 * feedback uses it to check a feedback's `task_id` and fill in the prompt it ran.
 * An unknown task answers an error with serverCode 404.
 */
export class GetTaskRequest {
  @IsUUID()
  taskId: string;
}

/** The part of a task that other services rely on; the executor may send more fields. */
export interface TaskReferenceReply {
  id: string;
  promptId: string;
  /** The version label, for example "2". */
  promptVersion: string;
  promptVersionId: string;
}
