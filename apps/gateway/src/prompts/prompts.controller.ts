import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Subjects, type CallerContext, type Page, type PromptVersionView, type PromptView } from '@prst/contracts';
import { RequirePermission } from '../auth/permission.decorator.js';
import { bodyWith, ExecutorClient } from '../executor/executor.client.js';
import { RequestContext } from '../http/request-context.decorator.js';

const MARKUP_SYNTAX = [
  'Creates a prompt and its version "1" from one text that declares parameters inline:',
  '`{{name}}` a required string; `{{name:type}}` with type string, number, boolean, json or enum(a,b,c);',
  '`{{name:type=default}}` optional with a default (e.g. `{{tone:enum(formal,casual)=formal}}`, `{{n:number=3}}`);',
  '`{{name?:type}}` optional without a default. A name may be repeated; later uses may be plain `{{name}}`.',
  'Body: `{name, description?, markup, connector?: {id, version}, credentialId?, proxyParameters?, status?: draft|published}`.',
].join(' ');

@ApiTags('prompts')
@Controller('api/v1/prompts')
export class PromptsController {
  constructor(private readonly executor: ExecutorClient) {}

  @Post()
  @RequirePermission('prompts.write')
  @ApiOperation({ summary: 'Create a prompt', description: 'Body: `{name, description?}`. Versions are added with POST /prompts/:id/versions.' })
  create(@Body() body: unknown, @RequestContext() context: CallerContext): Promise<PromptView> {
    return this.executor.request(Subjects.executor.promptCreate, body, context);
  }

  @Post('markup')
  @RequirePermission('prompts.write')
  @ApiOperation({ summary: 'Create a prompt from prompt markup', description: MARKUP_SYNTAX })
  createFromMarkup(@Body() body: unknown, @RequestContext() context: CallerContext): Promise<{ prompt: PromptView; version: PromptVersionView }> {
    return this.executor.request(Subjects.executor.promptCreateFromMarkup, body, context);
  }

  @Get()
  @RequirePermission('prompts.read')
  @ApiOperation({ summary: 'List prompts', description: 'Query: `status` (active|archived), `limit` (1–200, default 50), `offset`.' })
  list(@Query() query: Record<string, string>, @RequestContext() context: CallerContext): Promise<Page<PromptView>> {
    return this.executor.request(Subjects.executor.promptList, query, context);
  }

  @Get(':id')
  @RequirePermission('prompts.read')
  get(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<PromptView> {
    return this.executor.request(Subjects.executor.promptGet, { id }, context);
  }

  @Patch(':id')
  @RequirePermission('prompts.write')
  @ApiOperation({ summary: 'Rename a prompt or change its description', description: 'Body: `{name?, description?}`.' })
  update(@Param('id') id: string, @Body() body: unknown, @RequestContext() context: CallerContext): Promise<PromptView> {
    return this.executor.request(Subjects.executor.promptUpdate, bodyWith(body, { id }), context);
  }

  @Delete(':id')
  @RequirePermission('prompts.write')
  @ApiOperation({ summary: 'Archive a prompt', description: 'The prompt and its history stay readable; it can no longer be executed or changed.' })
  archive(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<PromptView> {
    return this.executor.request(Subjects.executor.promptArchive, { id }, context);
  }

  @Post(':id/versions')
  @RequirePermission('prompts.write')
  @ApiOperation({
    summary: 'Create a prompt version',
    description:
      'Body: `{version?, body, parameters: [{name, type: string|number|boolean|enum|json, required?, default?, enumValues?, description?}], connector: {id, version}, credentialId?, proxyParameters?, status?: draft|published}`. ' +
      'Every `{{name}}` in the body must be a declared parameter and every parameter must be used. Versions are numbered "1", "2", … when `version` is omitted.',
  })
  createVersion(@Param('id') id: string, @Body() body: unknown, @RequestContext() context: CallerContext): Promise<PromptVersionView> {
    return this.executor.request(Subjects.executor.versionCreate, bodyWith(body, { promptId: id }), context);
  }

  @Get(':id/versions')
  @RequirePermission('prompts.read')
  listVersions(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<PromptVersionView[]> {
    return this.executor.request(Subjects.executor.versionList, { id }, context);
  }

  @Get(':id/versions/:version')
  @RequirePermission('prompts.read')
  getVersion(@Param('id') id: string, @Param('version') version: string, @RequestContext() context: CallerContext): Promise<PromptVersionView> {
    return this.executor.request(Subjects.executor.versionGet, { promptId: id, version }, context);
  }

  @Patch(':id/versions/:version/status')
  @RequirePermission('prompts.write')
  @ApiOperation({ summary: 'Publish or archive a version', description: 'Body: `{status: draft|published|archived}`. A published version is immutable.' })
  setStatus(
    @Param('id') id: string,
    @Param('version') version: string,
    @Body() body: unknown,
    @RequestContext() context: CallerContext,
  ): Promise<PromptVersionView> {
    return this.executor.request(Subjects.executor.versionSetStatus, bodyWith(body, { promptId: id, version }), context);
  }

  @Put(':id/labels/:label')
  @RequirePermission('prompts.write')
  @ApiOperation({ summary: 'Point a label (production, staging, …) at a version', description: 'Body: `{version}`. Executions can target the label.' })
  setLabel(@Param('id') id: string, @Param('label') label: string, @Body() body: unknown, @RequestContext() context: CallerContext): Promise<PromptView> {
    return this.executor.request(Subjects.executor.labelSet, bodyWith(body, { promptId: id, label }), context);
  }
}
