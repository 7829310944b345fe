/** Errors of identity and access (module SSO, as in Prst.ai's codes). */
export const SSO_ERRORS = {
  UNAUTHENTICATED: { serverCode: 401, code: 'PRST-SSO-ERR-00001', message: 'Unauthenticated' },
  FORBIDDEN: { serverCode: 403, code: 'PRST-SSO-ERR-00002', message: 'Forbidden' },
  ACCOUNT_TERMINATED: { serverCode: 403, code: 'PRST-SSO-ERR-00013', message: 'Account Terminated' },
} as const;
