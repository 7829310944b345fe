import { CreateAuditLogSchema1764806400000 } from './1764806400000-create-audit-schema.js';
import { CreateAuditRecords1764900000000 } from './1764900000000-create-audit-records.js';

/** Every migration of the audit schema, oldest first. */
export const migrations = [CreateAuditLogSchema1764806400000, CreateAuditRecords1764900000000];
