/** Errors of identity and access (module SSO, as in Prst.ai's codes). */
export const SSO_ERRORS = {
  UNAUTHENTICATED: { serverCode: 401, code: 'PRST-SSO-ERR-00001', message: 'Unauthenticated' },
  FORBIDDEN: { serverCode: 403, code: 'PRST-SSO-ERR-00002', message: 'Forbidden' },
  INVALID_CREDENTIALS: { serverCode: 401, code: 'PRST-SSO-ERR-00003', message: 'Invalid Credentials' },
  TOKEN_INVALID: { serverCode: 401, code: 'PRST-SSO-ERR-00004', message: 'Token Invalid' },
  TOKEN_EXPIRED: { serverCode: 401, code: 'PRST-SSO-ERR-00005', message: 'Token Expired' },
  REFRESH_TOKEN_REUSED: { serverCode: 401, code: 'PRST-SSO-ERR-00006', message: 'Refresh Token Reused' },
  PASSWORD_CHANGE_REQUIRED: { serverCode: 403, code: 'PRST-SSO-ERR-00007', message: 'Password Change Required' },
  WEAK_PASSWORD: { serverCode: 400, code: 'PRST-SSO-ERR-00008', message: 'Weak Password' },
  TOO_MANY_ATTEMPTS: { serverCode: 429, code: 'PRST-SSO-ERR-00009', message: 'Too Many Attempts' },
  API_CREDENTIAL_INVALID: { serverCode: 401, code: 'PRST-SSO-ERR-00010', message: 'API Credential Invalid' },
  ROLE_NOT_ALLOWED: { serverCode: 403, code: 'PRST-SSO-ERR-00011', message: 'Role Not Allowed' },
  USER_EXISTS: { serverCode: 409, code: 'PRST-SSO-ERR-00012', message: 'User Exists' },
  ACCOUNT_TERMINATED: { serverCode: 403, code: 'PRST-SSO-ERR-00013', message: 'Account Terminated' },
  ROOT_ADMIN_PROTECTED: { serverCode: 409, code: 'PRST-SSO-ERR-00014', message: 'Root Admin Protected' },
  USER_NOT_FOUND: { serverCode: 404, code: 'PRST-SSO-ERR-00015', message: 'User Not Found' },
  API_CREDENTIAL_NOT_FOUND: { serverCode: 404, code: 'PRST-SSO-ERR-00016', message: 'API Credential Not Found' },
} as const;
