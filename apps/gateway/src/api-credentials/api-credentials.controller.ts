import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { CallerContext } from '@prst/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { RequirePermission } from '../auth/permission.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { ApiCredentialsService } from './api-credentials.service.js';
import type { ApiCredentialView, CreatedApiCredential } from './dto/api-credential.view.js';
import { CreateApiCredentialDto } from './dto/create-api-credential.dto.js';

@ApiTags('api-credentials')
@Controller('api/v1/api-credentials')
export class ApiCredentialsController {
  constructor(private readonly credentials: ApiCredentialsService) {}

  /** Creates a key and answers it once; only its keyed hash is stored. */
  @RequirePermission('api-credentials.write')
  @Post()
  @ApiOperation({ summary: 'Create an API credential; the key (prst_…) is answered once' })
  create(
    @Body() body: CreateApiCredentialDto,
    @CurrentPrincipal() principal: Principal,
    @RequestContext() context: CallerContext,
  ): Promise<CreatedApiCredential> {
    return this.credentials.create(principal, body, context);
  }

  /** The caller's keys (every key for an admin), without the keys themselves. */
  @RequirePermission('api-credentials.read')
  @Get()
  @ApiOperation({ summary: 'List your API credentials (all of them for an admin), without keys' })
  list(@CurrentPrincipal() principal: Principal): Promise<ApiCredentialView[]> {
    return this.credentials.list(principal);
  }

  @RequirePermission('api-credentials.write')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API credential' })
  async revoke(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @RequestContext() context: CallerContext): Promise<void> {
    await this.credentials.revoke(principal, id, context);
  }
}
