import { Injectable } from '@nestjs/common';
import { Subjects, type CallerContext, type EncryptionStatus } from '@prst/contracts';
import { RpcClient } from '@prst/messaging';

/** Key rotation and its progress, answered by the vault. */
@Injectable()
export class EncryptionService {
  constructor(private readonly rpc: RpcClient) {}

  rotate(context: CallerContext): Promise<EncryptionStatus> {
    return this.rpc.request(Subjects.vault.encryptionRotate, {}, context);
  }

  status(context: CallerContext): Promise<EncryptionStatus> {
    return this.rpc.request(Subjects.vault.encryptionStatus, {}, context);
  }
}
