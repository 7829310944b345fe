import { Injectable } from '@nestjs/common';
import {
  PrstError,
  type AuditExportPage,
  type AuditRecordPage,
  type ExportAuditRecordsRequest,
  type ListAuditRecordsRequest,
} from '@prst/contracts';
import { ChainRepository, recordOf } from '../chain/chain.repository.js';
import { RecordsRepository } from './records.repository.js';

/** An export page stays well under NATS's 1 MB message limit. */
const EXPORT_PAGE_BYTES = 512 * 1024;

function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new PrstError('AUDIT_CURSOR_INVALID', 'The cursor is not one this API returned.');
  return Number(match[1]);
}

/** Queries and exports of the audit trail. */
@Injectable()
export class RecordsService {
  constructor(
    private readonly records: RecordsRepository,
    private readonly chain: ChainRepository,
  ) {}

  async list(request: ListAuditRecordsRequest): Promise<AuditRecordPage> {
    const limit = request.limit ?? 50;
    const beforeSeq = request.cursor ? decodeCursor(request.cursor) : undefined;
    const rows = await this.records.find(request, beforeSeq, limit + 1);
    const items = rows.slice(0, limit).map(recordOf);
    const more = rows.length > limit;
    return { items, nextCursor: more && items.length ? encodeCursor(items[items.length - 1].seq) : null };
  }

  /** Records after `afterSeq` in chain order, as many as fit in one reply. */
  async exportPage(request: ExportAuditRecordsRequest): Promise<AuditExportPage> {
    const limit = request.limit ?? 1000;
    const rows = await this.chain.rowsAfter(request.afterSeq, limit + 1);
    const records = [];
    let bytes = 0;
    for (const row of rows.slice(0, limit)) {
      const record = recordOf(row);
      bytes += JSON.stringify(record).length;
      if (records.length && bytes > EXPORT_PAGE_BYTES) return { records, done: false };
      records.push(record);
    }
    return { records, done: rows.length <= limit };
  }
}
