import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Subjects, type CallerContext, type UsageReport } from '@prst/contracts';
import { RequirePermission } from '../auth/permission.decorator.js';
import { ExecutorClient } from '../executor/executor.client.js';
import { RequestContext } from '../http/request-context.decorator.js';

@ApiTags('usage')
@Controller('api/v1/usage')
export class UsageController {
  constructor(private readonly executor: ExecutorClient) {}

  @Get()
  @RequirePermission('usage.read')
  @ApiOperation({
    summary: 'Usage totals',
    description:
      'Query: `groupBy` = day | prompt | connector | principal (required); `from`, `to` (ISO 8601; tasks created in [from, to); default the 30 days before now; at most 366 days). ' +
      'Answers `{groupBy, from, to, rows: [{key, tasks, failures, inputTokens, outputTokens, cost: {<currency>: "<decimal>"}}]}`, computed by the database.',
  })
  report(@Query() query: Record<string, string>, @RequestContext() context: CallerContext): Promise<UsageReport> {
    return this.executor.request(Subjects.executor.usageGet, query, context);
  }
}
