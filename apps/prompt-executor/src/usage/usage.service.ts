import { Injectable } from '@nestjs/common';
import { PrstError, type GetUsageRequest, type UsageReport } from '@prst/contracts';
import { Decimal } from '../pricing/decimal.js';
import { UsageRepository } from './usage.repository.js';

const DAY_MS = 86_400_000;
/** Without `from`, the report covers the 30 days before `to`. */
export const DEFAULT_USAGE_DAYS = 30;
/** The longest range one report may cover, so a query stays bounded. */
export const MAX_USAGE_DAYS = 366;

/** Usage totals per day, prompt, connector or principal over a bounded time range. */
@Injectable()
export class UsageService {
  constructor(private readonly usage: UsageRepository) {}

  async report(request: GetUsageRequest, now: Date = new Date()): Promise<UsageReport> {
    const to = request.to ? new Date(request.to) : now;
    const from = request.from ? new Date(request.from) : new Date(to.getTime() - DEFAULT_USAGE_DAYS * DAY_MS);
    const problems: string[] = [];
    if (from.getTime() > to.getTime()) problems.push('from must not be after to');
    if (to.getTime() - from.getTime() > MAX_USAGE_DAYS * DAY_MS) problems.push(`the range from..to may cover at most ${MAX_USAGE_DAYS} days`);
    if (problems.length) throw new PrstError('USAGE_QUERY_INVALID', `The usage query is invalid: ${problems.join('; ')}.`, problems);
    const rows = await this.usage.totals(request.groupBy, from, to);
    return {
      groupBy: request.groupBy,
      from: from.toISOString(),
      to: to.toISOString(),
      rows: rows.map((row) => ({
        key: row.key,
        tasks: row.tasks,
        failures: row.failures,
        inputTokens: Number(row.input_tokens),
        outputTokens: Number(row.output_tokens),
        cost: Object.fromEntries(Object.entries(row.cost).map(([currency, amount]) => [currency, Decimal.parse(amount).toString()])),
      })),
    };
  }
}
