import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

/** HTTP routes of the audit trail; the audit-log service answers them over NATS. */
@Module({ controllers: [AuditController], providers: [AuditService] })
export class AuditModule {}
