import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Subjects, type CallerContext, type Page, type PricingRuleView } from '@prst/contracts';
import { RequirePermission } from '../auth/permission.decorator.js';
import { bodyWith, ExecutorClient } from '../executor/executor.client.js';
import { RequestContext } from '../http/request-context.decorator.js';

const RULE_DOC =
  'Body `{name, scope?: {connectorId?, promptId?}, property, aggregation: sum|count|avg|max, strategy: {type: per_unit|per_thousand|flat|tiered, price? | tiers?: [{upTo, price}], currency}}`. ' +
  '`property` is `usage.inputTokens`, `usage.outputTokens`, `usage.totalTokens`, `properties.<mapped name>`, or a path into the provider answer (`usage.prompt_tokens`). ' +
  'Prices are decimals ≥ 0 (text such as "0.002" keeps them exact; at most 12 decimals); tiers ascend by `upTo` (the last may be null = open) and are graduated; currency is ISO 4217 ("USD"). ' +
  'Every rule in scope applies to each task finished from then on; costs are kept per currency, rounded to 10 decimals.';

/** Pricing rules: how each finished task is priced. Reading needs editor or admin; changing needs admin. */
@ApiTags('pricing')
@Controller('api/v1/pricing-rules')
export class PricingRulesController {
  constructor(private readonly executor: ExecutorClient) {}

  @Post()
  @RequirePermission('pricing.write')
  @ApiOperation({ summary: 'Create a pricing rule', description: RULE_DOC })
  create(@Body() body: unknown, @RequestContext() context: CallerContext): Promise<PricingRuleView> {
    return this.executor.request(Subjects.executor.pricingRuleCreate, body, context);
  }

  @Get()
  @RequirePermission('pricing.read')
  @ApiOperation({ summary: 'List pricing rules', description: 'Query: limit (1–200, default 50), offset.' })
  list(@Query() query: Record<string, string>, @RequestContext() context: CallerContext): Promise<Page<PricingRuleView>> {
    return this.executor.request(Subjects.executor.pricingRuleList, query, context);
  }

  @Get(':id')
  @RequirePermission('pricing.read')
  @ApiOperation({ summary: 'A pricing rule' })
  get(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<PricingRuleView> {
    return this.executor.request(Subjects.executor.pricingRuleGet, { id }, context);
  }

  @Put(':id')
  @RequirePermission('pricing.write')
  @ApiOperation({ summary: 'Replace a pricing rule', description: RULE_DOC })
  update(@Param('id') id: string, @Body() body: unknown, @RequestContext() context: CallerContext): Promise<PricingRuleView> {
    return this.executor.request(Subjects.executor.pricingRuleUpdate, bodyWith(body, { id }), context);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('pricing.write')
  @ApiOperation({ summary: 'Delete a pricing rule (tasks already priced keep their cost)' })
  async delete(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<void> {
    await this.executor.request(Subjects.executor.pricingRuleDelete, { id }, context);
  }
}
