import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Subjects,
  type CallerContext,
  type ConnectorDetailView,
  type ConnectorVersionView,
  type ConnectorView,
  type Page,
  type PresetView,
} from '@prst/contracts';
import { RequirePermission } from '../auth/permission.decorator.js';
import { bodyWith, ExecutorClient } from '../executor/executor.client.js';
import { RequestContext } from '../http/request-context.decorator.js';

const TEMPLATE_DOC =
  'A template is `{request: {method, url, headers, body, proxyParametersAt?}, authRequest?: {method, url, headers, body, extract: {name: path}, cacheTtlSeconds?, expiresInPath?}, ' +
  'response: {output, inputTokens?, outputTokens?, properties?: {name: path}}, timeoutMs?, retry?: {maxRetries?, baseBackoffMs?, maxBackoffMs?}, fallbacks?: [{connectorId, version}]}`. ' +
  'Retries (default 2, full-jitter backoff, Retry-After honoured) apply to 408, 429, 5xx, timeouts and connection errors; fallbacks are tried in order when retries are spent. Placeholders: `{{prompt}}`, `{{parameters.x}}`, `{{proxy.x}}`, ' +
  '`{{credentials.x}}`, `{{auth.x}}`; a JSON string that is exactly one placeholder takes the typed value. Paths are dotted with indexes: `choices[0].message.content`.';

@ApiTags('connectors')
@Controller('api/v1/connectors')
export class ConnectorsController {
  constructor(private readonly executor: ExecutorClient) {}

  @Get('presets')
  @RequirePermission('connectors.read')
  @ApiOperation({ summary: 'The built-in presets and their defaults' })
  presets(@RequestContext() context: CallerContext): Promise<PresetView[]> {
    return this.executor.request(Subjects.executor.connectorPresets, {}, context);
  }

  @Post()
  @RequirePermission('connectors.write')
  @ApiOperation({
    summary: 'Create a connector (version "1") from a preset or a template',
    description: `Body: \`{name, description?, preset?, baseUrl?, model?, credentialId?, template?}\`; preset is one of openai-chat, anthropic-messages, azure-openai-chat, gemini-generate, ollama-chat, openai-compatible-chat. ${TEMPLATE_DOC}`,
  })
  create(@Body() body: unknown, @RequestContext() context: CallerContext): Promise<ConnectorDetailView> {
    return this.executor.request(Subjects.executor.connectorCreate, body, context);
  }

  @Get()
  @RequirePermission('connectors.read')
  list(@Query() query: Record<string, string>, @RequestContext() context: CallerContext): Promise<Page<ConnectorView>> {
    return this.executor.request(Subjects.executor.connectorList, query, context);
  }

  @Get(':id')
  @RequirePermission('connectors.read')
  get(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<ConnectorDetailView> {
    return this.executor.request(Subjects.executor.connectorGet, { id }, context);
  }

  @Post(':id/versions')
  @RequirePermission('connectors.write')
  @ApiOperation({ summary: 'Add a connector version', description: `Body: \`{version?, template}\`. ${TEMPLATE_DOC}` })
  createVersion(@Param('id') id: string, @Body() body: unknown, @RequestContext() context: CallerContext): Promise<ConnectorVersionView> {
    return this.executor.request(Subjects.executor.connectorVersionCreate, bodyWith(body, { connectorId: id }), context);
  }

  @Get(':id/versions')
  @RequirePermission('connectors.read')
  listVersions(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<ConnectorVersionView[]> {
    return this.executor.request(Subjects.executor.connectorVersionList, { id }, context);
  }
}
