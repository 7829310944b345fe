import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListAuditRecordsRequest } from '@prst/contracts';
import { AUDIT_COLUMNS, type AuditRow } from '../chain/chain.repository.js';

/** Filtered reads of the audit table for the query API. */
@Injectable()
export class RecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, older than `beforeSeq` when given; `limit` rows at most. */
  async find(filter: ListAuditRecordsRequest, beforeSeq: number | undefined, limit: number): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (beforeSeq !== undefined) add('seq < ?', beforeSeq);
    if (filter.principalType) add('principal_type = ?', filter.principalType);
    if (filter.principalId) add('principal_id = ?', filter.principalId);
    if (filter.action?.endsWith('.*')) add('action LIKE ?', `${filter.action.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`);
    else if (filter.action) add('action = ?', filter.action);
    if (filter.resourceType) add('resource_type = ?', filter.resourceType);
    if (filter.resourceId) add('resource_id = ?', filter.resourceId);
    if (filter.outcome) add('outcome = ?', filter.outcome);
    if (filter.from) add('occurred_at >= ?::timestamptz', filter.from);
    if (filter.to) add('occurred_at < ?::timestamptz', filter.to);
    params.push(limit);
    return (await this.dataSource.query(
      `SELECT ${AUDIT_COLUMNS} FROM audit.audit_records
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    )) as AuditRow[];
  }
}
