/** Errors between services: the message bus and durable publishing (module SYS). */
export const SYSTEM_ERRORS = {
  SERVICE_UNAVAILABLE: { serverCode: 503, code: 'PRST-SYS-ERR-00001', message: 'Service Unavailable' },
  SERVICE_TIMEOUT: { serverCode: 504, code: 'PRST-SYS-ERR-00002', message: 'Service Timeout' },
  AUDIT_UNAVAILABLE: { serverCode: 503, code: 'PRST-SYS-ERR-00003', message: 'Audit Unavailable' },
} as const;
