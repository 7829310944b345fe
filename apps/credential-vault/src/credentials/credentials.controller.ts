import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateCredentialRequest,
  CredentialIdRequest,
  ListCredentialsRequest,
  ResolveCredentialRequest,
  Subjects,
  UpdateCredentialRequest,
  type CallerContext,
  type CredentialList,
  type CredentialView,
  type ResolveCredentialReply,
} from '@prst/contracts';
import { Caller } from '@prst/messaging';
import { CredentialsService } from './credentials.service.js';

/** NATS adapter of the credentials; who may send each subject is enforced by NATS permissions. */
@Controller()
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @MessagePattern(Subjects.vault.credentialCreate)
  create(@Payload() request: CreateCredentialRequest, @Caller() context: CallerContext): Promise<CredentialView> {
    return this.credentials.create(request, context);
  }

  @MessagePattern(Subjects.vault.credentialList)
  list(@Payload() request: ListCredentialsRequest): Promise<CredentialList> {
    return this.credentials.list(request);
  }

  @MessagePattern(Subjects.vault.credentialGet)
  get(@Payload() request: CredentialIdRequest): Promise<CredentialView> {
    return this.credentials.get(request.id);
  }

  @MessagePattern(Subjects.vault.credentialUpdate)
  update(@Payload() request: UpdateCredentialRequest, @Caller() context: CallerContext): Promise<CredentialView> {
    return this.credentials.update(request, context);
  }

  @MessagePattern(Subjects.vault.credentialDelete)
  async delete(@Payload() request: CredentialIdRequest, @Caller() context: CallerContext): Promise<{ deleted: true }> {
    await this.credentials.delete(request.id, context);
    return { deleted: true };
  }

  /** Only the prompt-executor's NATS user may publish this subject. */
  @MessagePattern(Subjects.vault.credentialResolve)
  resolve(@Payload() request: ResolveCredentialRequest, @Caller() context: CallerContext): Promise<ResolveCredentialReply> {
    return this.credentials.resolve(request.credentialId, context);
  }
}
