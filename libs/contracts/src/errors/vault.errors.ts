/** Errors of the credential vault (module VLT). */
export const VAULT_ERRORS = {
  CREDENTIAL_NOT_FOUND: { serverCode: 404, code: 'PRST-VLT-ERR-00001', message: 'Credential Not Found' },
  CREDENTIAL_UNREADABLE: { serverCode: 500, code: 'PRST-VLT-ERR-00002', message: 'Credential Unreadable' },
  ENCRYPTION_KEY_UNAVAILABLE: { serverCode: 503, code: 'PRST-VLT-ERR-00003', message: 'Encryption Key Unavailable' },
  ROTATION_NOT_NEEDED: { serverCode: 409, code: 'PRST-VLT-ERR-00004', message: 'Rotation Not Needed' },
} as const;
