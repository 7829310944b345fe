import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  Subjects,
  type CallerContext,
  type ExecutionAcceptedView,
  type ExecutionDetailView,
  type ExecutionResultView,
  type Page,
} from '@prst/contracts';
import { RequirePermission } from '../auth/permission.decorator.js';
import { ExecutorClient } from '../executor/executor.client.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { ProxyRelay, wantsStream } from '../proxy/proxy-relay.js';

@ApiTags('executions')
@Controller('api/v1/executions')
export class ExecutionsController {
  constructor(
    private readonly executor: ExecutorClient,
    private readonly relay: ProxyRelay,
  ) {}

  @Post()
  @HttpCode(200)
  @RequirePermission('executions.run')
  @ApiOperation({
    summary: 'Execute a prompt version',
    description:
      'Body: `{"prompt": {"id", "version"}}`, `{"prompt": {"id", "label"}}`, `{"prompt": {"id"}}` (latest published) or `{"promptVersionId"}`, plus ' +
      '`"parameters": {name: value}` or `[{"name", "value"}]` and optional `"async": true` (answers 202 `{id, status: "PENDING"}`; poll GET /executions/:id). ' +
      'Sync answers `{id, status, output, usage, latencyMs, …}`; provider errors answer 502 with the provider status, timeouts 504. ' +
      '`"stream": true` (OpenAI- and Anthropic-format connectors) answers text/event-stream in the provider\'s own event format; ' +
      'the header `x-prst-task-id` names the task, which ends with the full output.',
  })
  async run(@Body() body: unknown, @RequestContext() context: CallerContext, @Res() reply: FastifyReply): Promise<void> {
    if (wantsStream(body)) return this.relay.answer(Subjects.executor.executionRun, body as Record<string, unknown>, true, reply, context);
    const answer = await this.executor.execute<ExecutionResultView | ExecutionAcceptedView>(Subjects.executor.executionRun, body, context);
    await reply.status(answer.status === 'PENDING' ? 202 : 200).send(answer);
  }

  @Get()
  @RequirePermission('executions.read')
  @ApiOperation({ summary: 'List executions', description: 'Query: promptId, version, status, principalId, from, to (ISO 8601), limit, offset.' })
  list(@Query() query: Record<string, string>, @RequestContext() context: CallerContext): Promise<Page<ExecutionDetailView>> {
    return this.executor.request(Subjects.executor.executionList, query, context);
  }

  @Get(':id')
  @RequirePermission('executions.read')
  @ApiOperation({ summary: 'An execution with its debug details (credentials shown as ***)' })
  get(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<ExecutionDetailView> {
    return this.executor.request(Subjects.executor.executionGet, { id }, context);
  }
}
