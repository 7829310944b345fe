import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreatePromptFromMarkupRequest,
  CreatePromptRequest,
  CreateVersionRequest,
  ListPromptsRequest,
  PromptIdRequest,
  SetLabelRequest,
  SetVersionStatusRequest,
  Subjects,
  UpdatePromptRequest,
  VersionRefRequest,
  type CallerContext,
} from '@prst/contracts';
import { Caller } from '@prst/messaging';
import { PromptsService } from './prompts.service.js';

@Controller()
export class PromptsController {
  constructor(private readonly prompts: PromptsService) {}

  @MessagePattern(Subjects.executor.promptCreate)
  create(@Payload() request: CreatePromptRequest, @Caller() context: CallerContext) {
    return this.prompts.create(request, context);
  }

  @MessagePattern(Subjects.executor.promptCreateFromMarkup)
  createFromMarkup(@Payload() request: CreatePromptFromMarkupRequest, @Caller() context: CallerContext) {
    return this.prompts.createFromMarkup(request, context);
  }

  @MessagePattern(Subjects.executor.promptList)
  list(@Payload() request: ListPromptsRequest) {
    return this.prompts.list(request);
  }

  @MessagePattern(Subjects.executor.promptGet)
  get(@Payload() request: PromptIdRequest) {
    return this.prompts.get(request.id);
  }

  @MessagePattern(Subjects.executor.promptUpdate)
  update(@Payload() request: UpdatePromptRequest, @Caller() context: CallerContext) {
    return this.prompts.update(request, context);
  }

  @MessagePattern(Subjects.executor.promptArchive)
  archive(@Payload() request: PromptIdRequest, @Caller() context: CallerContext) {
    return this.prompts.archive(request.id, context);
  }

  @MessagePattern(Subjects.executor.versionCreate)
  createVersion(@Payload() request: CreateVersionRequest, @Caller() context: CallerContext) {
    return this.prompts.createVersion(request, context);
  }

  @MessagePattern(Subjects.executor.versionList)
  listVersions(@Payload() request: PromptIdRequest) {
    return this.prompts.listVersions(request.id);
  }

  @MessagePattern(Subjects.executor.versionGet)
  getVersion(@Payload() request: VersionRefRequest) {
    return this.prompts.getVersion(request.promptId, request.version);
  }

  @MessagePattern(Subjects.executor.versionSetStatus)
  setStatus(@Payload() request: SetVersionStatusRequest, @Caller() context: CallerContext) {
    return this.prompts.setStatus(request, context);
  }

  @MessagePattern(Subjects.executor.labelSet)
  setLabel(@Payload() request: SetLabelRequest, @Caller() context: CallerContext) {
    return this.prompts.setLabel(request, context);
  }
}
