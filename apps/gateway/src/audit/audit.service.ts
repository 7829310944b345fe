import { Injectable } from '@nestjs/common';
import {
  Subjects,
  type AuditExportPage,
  type AuditRecordPage,
  type AuditVerifyReply,
  type CallerContext,
} from '@prst/contracts';
import { RpcClient } from '@prst/messaging';

/** Verification reads the whole chain, so it gets more time than an ordinary request. */
const VERIFY_TIMEOUT_MS = 120_000;

/** The gateway's side of the audit API: each call is one request to the audit-log service. */
@Injectable()
export class AuditService {
  constructor(private readonly rpc: RpcClient) {}

  list(query: Record<string, unknown>, context: CallerContext): Promise<AuditRecordPage> {
    return this.rpc.request<AuditRecordPage>(Subjects.audit.recordList, query, context);
  }

  verify(context: CallerContext): Promise<AuditVerifyReply> {
    return this.rpc.request<AuditVerifyReply>(Subjects.audit.chainVerify, {}, context, VERIFY_TIMEOUT_MS);
  }

  /**
   * The whole chain in sequence order as NDJSON lines, page by page. The first page is fetched before
   * anything is sent, so an unavailable audit-log still answers with an error envelope.
   */
  async exportLines(context: CallerContext): Promise<AsyncGenerator<string>> {
    const first = await this.page(0, context);
    const rpc = this.page.bind(this);
    return (async function* lines() {
      let page = first;
      for (;;) {
        for (const record of page.records) yield `${JSON.stringify(record)}\n`;
        if (page.done || !page.records.length) return;
        page = await rpc(page.records[page.records.length - 1].seq, context);
      }
    })();
  }

  private page(afterSeq: number, context: CallerContext): Promise<AuditExportPage> {
    return this.rpc.request<AuditExportPage>(Subjects.audit.recordExport, { afterSeq }, context);
  }
}
