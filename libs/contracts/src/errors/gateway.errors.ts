/** Errors of the HTTP API itself (module GW). */
export const GATEWAY_ERRORS = {
  VALIDATION_FAILED: { serverCode: 400, code: 'PRST-GW-ERR-00001', message: 'Validation Failed' },
  MALFORMED_JSON: { serverCode: 400, code: 'PRST-GW-ERR-00002', message: 'Malformed JSON' },
  ROUTE_NOT_FOUND: { serverCode: 404, code: 'PRST-GW-ERR-00003', message: 'Route Not Found' },
  PAYLOAD_TOO_LARGE: { serverCode: 413, code: 'PRST-GW-ERR-00004', message: 'Payload Too Large' },
  UNSUPPORTED_MEDIA_TYPE: { serverCode: 415, code: 'PRST-GW-ERR-00005', message: 'Unsupported Media Type' },
  METHOD_NOT_ALLOWED: { serverCode: 405, code: 'PRST-GW-ERR-00006', message: 'Method Not Allowed' },
  INTERNAL_ERROR: { serverCode: 500, code: 'PRST-GW-ERR-00007', message: 'Internal Error' },
  NOT_FOUND: { serverCode: 404, code: 'PRST-GW-ERR-00008', message: 'Not Found' },
  CONFLICT: { serverCode: 409, code: 'PRST-GW-ERR-00009', message: 'Conflict' },
} as const;
