import { Injectable } from '@nestjs/common';
import {
  Subjects,
  type CallerContext,
  type CreateCredentialBody,
  type CredentialList,
  type CredentialView,
  type ListCredentialsRequest,
  type UpdateCredentialBody,
} from '@prst/contracts';
import { RpcClient } from '@prst/messaging';

/**
 * Forwards credential operations to the vault. Plaintext passes through here only inside the
 * create/update request that carries it; every answer from the vault is masked.
 */
@Injectable()
export class CredentialsService {
  constructor(private readonly rpc: RpcClient) {}

  create(body: CreateCredentialBody, context: CallerContext): Promise<CredentialView> {
    return this.rpc.request(Subjects.vault.credentialCreate, body, context);
  }

  list(query: ListCredentialsRequest, context: CallerContext): Promise<CredentialList> {
    return this.rpc.request(Subjects.vault.credentialList, query, context);
  }

  get(id: string, context: CallerContext): Promise<CredentialView> {
    return this.rpc.request(Subjects.vault.credentialGet, { id }, context);
  }

  update(id: string, body: UpdateCredentialBody, context: CallerContext): Promise<CredentialView> {
    return this.rpc.request(Subjects.vault.credentialUpdate, { ...body, id }, context);
  }

  async delete(id: string, context: CallerContext): Promise<void> {
    await this.rpc.request(Subjects.vault.credentialDelete, { id }, context);
  }
}
