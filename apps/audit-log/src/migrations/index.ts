import { CreateAuditLogSchema1764806400000 } from './1764806400000-create-audit-schema.js';

/** Every migration of the audit schema, oldest first. */
export const migrations = [CreateAuditLogSchema1764806400000];
