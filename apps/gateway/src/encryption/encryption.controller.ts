import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CallerContext, EncryptionStatus } from '@prst/contracts';
import { RequirePermission } from '../auth/permission.decorator.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { EncryptionService } from './encryption.service.js';

@ApiTags('encryption')
@Controller('api/v1/admin/encryption')
export class EncryptionController {
  constructor(private readonly encryption: EncryptionService) {}

  /** Starts re-wrapping every record onto the current key; runs in the background (202). */
  @Post('rotate')
  @HttpCode(202)
  @RequirePermission('encryption.admin')
  @ApiOperation({
    summary: 'Start the online key rotation',
    description: 'Re-wraps every credential onto the key of ENCRYPTION_SECRET in the background (202); resumes after a crash. Follow GET …/status.',
  })
  rotate(@RequestContext() context: CallerContext): Promise<EncryptionStatus> {
    return this.encryption.rotate(context);
  }

  /** Records per key version, rotation progress, and whether the previous secret is still needed. */
  @Get('status')
  @RequirePermission('encryption.admin')
  @ApiOperation({ summary: 'Records per key version, rotation progress, and whether ENCRYPTION_SECRET_PREVIOUS can be removed' })
  status(@RequestContext() context: CallerContext): Promise<EncryptionStatus> {
    return this.encryption.status(context);
  }
}
