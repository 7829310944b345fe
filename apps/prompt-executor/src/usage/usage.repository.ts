import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UsageGroup } from '@prst/contracts';

/** The group key of each `groupBy`, as SQL over `prompts.execution_task t` (fixed texts, never user input). */
const GROUP_KEYS: Record<UsageGroup, string> = {
  day: `to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  prompt: 't.prompt_id::text',
  connector: 't.connector_id::text',
  principal: 't.principal_id',
};

export interface UsageRecord {
  key: string | null;
  tasks: number;
  failures: number;
  input_tokens: string;
  output_tokens: string;
  cost: Record<string, string>;
}

/**
 * Usage totals computed by PostgreSQL in one statement: the tasks created in [from, to) are grouped
 * once for counts and tokens, and their cost rows (numeric, per currency) once per group and currency;
 * only one row per group comes back. Uses ix_task_created for the range.
 */
@Injectable()
export class UsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  totals(groupBy: UsageGroup, from: Date, to: Date): Promise<UsageRecord[]> {
    return this.dataSource.query(
      `WITH scoped AS MATERIALIZED (
         SELECT t.id, t.status, t.usage, ${GROUP_KEYS[groupBy]} AS key
           FROM prompts.execution_task t
          WHERE t.created_at >= $1 AND t.created_at < $2
       ),
       totals AS (
         SELECT key,
                count(*)::int AS tasks,
                (count(*) FILTER (WHERE status = 'FAILED'))::int AS failures,
                COALESCE(sum((usage ->> 'inputTokens')::numeric), 0)::text AS input_tokens,
                COALESCE(sum((usage ->> 'outputTokens')::numeric), 0)::text AS output_tokens
           FROM scoped
          GROUP BY key
       ),
       costs AS (
         SELECT s.key, c.currency, sum(c.amount) AS amount
           FROM scoped s
           JOIN prompts.execution_task_cost c ON c.task_id = s.id
          GROUP BY s.key, c.currency
       )
       SELECT t.key, t.tasks, t.failures, t.input_tokens, t.output_tokens,
              COALESCE((SELECT jsonb_object_agg(c.currency, c.amount::text) FROM costs c WHERE c.key IS NOT DISTINCT FROM t.key), '{}'::jsonb) AS cost
         FROM totals t
        ORDER BY t.key NULLS LAST`,
      [from.toISOString(), to.toISOString()],
    );
  }
}
