/** Errors of support tickets (module SUP). */
export const SUPPORT_ERRORS = {
  SUPPORT_TICKET_NOT_FOUND: { serverCode: 404, code: 'PRST-SUP-ERR-00001', message: 'Support Ticket Not Found' },
} as const;
