import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateCredentialBody,
  ListCredentialsRequest,
  UpdateCredentialBody,
  type CallerContext,
  type CredentialList,
  type CredentialView,
} from '@prst/contracts';
import { createValidationPipe } from '@prst/messaging';
import { RequirePermission } from '../auth/permission.decorator.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { CredentialsService } from './credentials.service.js';

const validate = createValidationPipe();

/** Connector credentials. Answers show values masked (`••••abcd`), never in full. */
@ApiTags('credentials')
@Controller('api/v1/credentials')
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Post()
  @RequirePermission('credentials.write')
  @ApiOperation({
    summary: 'Store a credential',
    description: 'Body {name, description?, values: {<slot>: "<secret>"}}. The values are encrypted by the vault; the answer shows them masked (••••abcd).',
  })
  create(@Body(validate) body: CreateCredentialBody, @RequestContext() context: CallerContext): Promise<CredentialView> {
    return this.credentials.create(body, context);
  }

  @Get()
  @RequirePermission('credentials.read')
  @ApiOperation({ summary: 'List credentials (values masked)', description: 'Query: limit (1–500, default 100), offset.' })
  list(@Query(validate) query: ListCredentialsRequest, @RequestContext() context: CallerContext): Promise<CredentialList> {
    return this.credentials.list(query, context);
  }

  @Get(':id')
  @RequirePermission('credentials.read')
  @ApiOperation({ summary: 'A credential (values masked)' })
  get(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<CredentialView> {
    return this.credentials.get(id, context);
  }

  @Put(':id')
  @RequirePermission('credentials.write')
  @ApiOperation({ summary: 'Replace the values (and name or description) of a credential' })
  update(
    @Param('id') id: string,
    @Body(validate) body: UpdateCredentialBody,
    @RequestContext() context: CallerContext,
  ): Promise<CredentialView> {
    return this.credentials.update(id, body, context);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('credentials.write')
  @ApiOperation({ summary: 'Delete a credential' })
  async delete(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<void> {
    await this.credentials.delete(id, context);
  }
}
