import type { PrincipalType } from '../context.js';

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** What a service reports: the publisher adds id, time, service and request id. */
export interface AuditEventInput {
  /** Dotted action, for example `auth.login.failed`, `credential.resolved`, `prompt.version.published`. */
  action: string;
  outcome: AuditOutcome;
  resource?: { type: string; id?: string };
  /** Overrides the principal of the caller context (for example a failed login's account). */
  principal?: { type: PrincipalType | 'anonymous'; id?: string };
  /** Free-form details; redacted before publishing. Never put a secret value here. */
  details?: Record<string, unknown>;
}

/** One audit event as published on `PRST_AUDIT`; `id` is also the JetStream message id. */
export interface AuditEvent extends Required<Pick<AuditEventInput, 'action' | 'outcome'>> {
  id: string;
  occurredAt: string;
  service: string;
  requestId: string;
  principal: { type: PrincipalType | 'anonymous'; id?: string };
  resource?: { type: string; id?: string };
  details: Record<string, unknown>;
}
