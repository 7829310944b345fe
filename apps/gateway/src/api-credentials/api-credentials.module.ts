import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { ApiCredentialsController } from './api-credentials.controller.js';
import { ApiCredentialsService } from './api-credentials.service.js';

@Module({
  imports: [IdentityModule],
  controllers: [ApiCredentialsController],
  providers: [ApiCredentialsService],
})
export class ApiCredentialsModule {}
