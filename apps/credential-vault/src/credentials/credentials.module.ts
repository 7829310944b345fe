import { Module } from '@nestjs/common';
import { CredentialEvents } from '../events/credential-events.js';
import { CredentialsController } from './credentials.controller.js';
import { CredentialsRepository } from './credentials.repository.js';
import { CredentialsService } from './credentials.service.js';

@Module({
  controllers: [CredentialsController],
  providers: [CredentialsRepository, CredentialsService, CredentialEvents],
  exports: [CredentialEvents],
})
export class CredentialsModule {}
