/** Errors of the audit trail (module AUD). */
export const AUDIT_ERRORS = {
  AUDIT_CURSOR_INVALID: { serverCode: 400, code: 'PRST-AUD-ERR-00001', message: 'Invalid Cursor' },
} as const;
