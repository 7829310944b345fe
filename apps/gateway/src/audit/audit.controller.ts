import { Readable } from 'node:stream';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import type { AuditRecordPage, AuditVerifyReply, CallerContext } from '@prst/contracts';
import { RequirePermission } from '../auth/permission.decorator.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { AuditService } from './audit.service.js';

/** The audit trail, for admins: query, NDJSON export and chain verification. */
@RequirePermission('audit.read')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Filters: principalType, principalId, action (or `prefix.*`), resourceType, resourceId, outcome, from, to; cursor, limit. */
  @Get()
  list(@Query() query: Record<string, unknown>, @RequestContext() context: CallerContext): Promise<AuditRecordPage> {
    return this.audit.list(query, context);
  }

  /** Every record with its hashes, one JSON object per line, oldest first. */
  @Get('export')
  async export(@RequestContext() context: CallerContext): Promise<StreamableFile> {
    const lines = await this.audit.exportLines(context);
    return new StreamableFile(Readable.from(lines), {
      type: 'application/x-ndjson',
      disposition: 'attachment; filename="audit-export.ndjson"',
    });
  }

  @Get('verify')
  verify(@RequestContext() context: CallerContext): Promise<AuditVerifyReply> {
    return this.audit.verify(context);
  }
}
