import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { CallerContext, EncryptionStatus } from '@prst/contracts';
import { RequirePermission } from '../auth/permission.decorator.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { EncryptionService } from './encryption.service.js';

@Controller('api/v1/admin/encryption')
export class EncryptionController {
  constructor(private readonly encryption: EncryptionService) {}

  /** Starts re-wrapping every record onto the current key; runs in the background (202). */
  @Post('rotate')
  @HttpCode(202)
  @RequirePermission('encryption.admin')
  rotate(@RequestContext() context: CallerContext): Promise<EncryptionStatus> {
    return this.encryption.rotate(context);
  }

  /** Records per key version, rotation progress, and whether the previous secret is still needed. */
  @Get('status')
  @RequirePermission('encryption.admin')
  status(@RequestContext() context: CallerContext): Promise<EncryptionStatus> {
    return this.encryption.status(context);
  }
}
