import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Subjects, type CallerContext, type EncryptionStatus } from '@prst/contracts';
import { Caller } from '@prst/messaging';
import { RotationService } from './rotation.service.js';

@Controller()
export class RotationController {
  constructor(private readonly rotation: RotationService) {}

  @MessagePattern(Subjects.vault.encryptionRotate)
  rotate(@Caller() context: CallerContext): Promise<EncryptionStatus> {
    return this.rotation.start(context);
  }

  @MessagePattern(Subjects.vault.encryptionStatus)
  status(): Promise<EncryptionStatus> {
    return this.rotation.status();
  }
}
