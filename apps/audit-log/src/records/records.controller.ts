import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ExportAuditRecordsRequest,
  ListAuditRecordsRequest,
  Subjects,
  type AuditExportPage,
  type AuditRecordPage,
  type AuditVerifyReply,
} from '@prst/contracts';
import { ChainVerifierService } from '../chain/chain-verifier.service.js';
import { RecordsService } from './records.service.js';

/** The audit trail's query API; only the gateway may call it (NATS permissions), for admins. */
@Controller()
export class RecordsController {
  constructor(
    private readonly records: RecordsService,
    private readonly verifier: ChainVerifierService,
  ) {}

  @MessagePattern(Subjects.audit.recordList)
  list(@Payload() request: ListAuditRecordsRequest): Promise<AuditRecordPage> {
    return this.records.list(request);
  }

  @MessagePattern(Subjects.audit.recordExport)
  exportPage(@Payload() request: ExportAuditRecordsRequest): Promise<AuditExportPage> {
    return this.records.exportPage(request);
  }

  @MessagePattern(Subjects.audit.chainVerify)
  verify(): Promise<AuditVerifyReply> {
    return this.verifier.verify();
  }
}
