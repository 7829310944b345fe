import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { RotationController } from './rotation.controller.js';
import { RotationRepository } from './rotation.repository.js';
import { RotationService } from './rotation.service.js';

@Module({
  imports: [CredentialsModule],
  controllers: [RotationController],
  providers: [RotationRepository, RotationService],
})
export class RotationModule {}
