/** The error envelope every client sees, in Prst.ai's shape. */
export interface ErrorEnvelope {
  serverCode: number;
  name: string;
  code: string;
  message: string;
  description: string;
  /** Optional list of individual problems (for example every invalid field). */
  details?: string[];
}

interface ErrorSpec {
  serverCode: number;
  code: string;
  message: string;
}

/**
 * Every error the suite can answer, by name. Codes are `PRST-<MODULE>-ERR-<5 digits>` and never reused.
 * Modules: GW gateway/API, SYS inter-service, SSO identity, VLT vault, EXE executions, FBK feedback,
 * AUD audit, SUP support.
 */
export const ErrorCatalog = {
  VALIDATION_FAILED: { serverCode: 400, code: 'PRST-GW-ERR-00001', message: 'Validation Failed' },
  MALFORMED_JSON: { serverCode: 400, code: 'PRST-GW-ERR-00002', message: 'Malformed JSON' },
  ROUTE_NOT_FOUND: { serverCode: 404, code: 'PRST-GW-ERR-00003', message: 'Route Not Found' },
  PAYLOAD_TOO_LARGE: { serverCode: 413, code: 'PRST-GW-ERR-00004', message: 'Payload Too Large' },
  UNSUPPORTED_MEDIA_TYPE: { serverCode: 415, code: 'PRST-GW-ERR-00005', message: 'Unsupported Media Type' },
  METHOD_NOT_ALLOWED: { serverCode: 405, code: 'PRST-GW-ERR-00006', message: 'Method Not Allowed' },
  INTERNAL_ERROR: { serverCode: 500, code: 'PRST-GW-ERR-00007', message: 'Internal Error' },
  NOT_FOUND: { serverCode: 404, code: 'PRST-GW-ERR-00008', message: 'Not Found' },
  CONFLICT: { serverCode: 409, code: 'PRST-GW-ERR-00009', message: 'Conflict' },
  SERVICE_UNAVAILABLE: { serverCode: 503, code: 'PRST-SYS-ERR-00001', message: 'Service Unavailable' },
  SERVICE_TIMEOUT: { serverCode: 504, code: 'PRST-SYS-ERR-00002', message: 'Service Timeout' },
  UNAUTHENTICATED: { serverCode: 401, code: 'PRST-SSO-ERR-00001', message: 'Unauthenticated' },
  FORBIDDEN: { serverCode: 403, code: 'PRST-SSO-ERR-00002', message: 'Forbidden' },
  ACCOUNT_TERMINATED: { serverCode: 403, code: 'PRST-SSO-ERR-00013', message: 'Account Terminated' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorName = keyof typeof ErrorCatalog;

/** The one exception type of the suite; each transport maps it once (RPC error, HTTP envelope). */
export class PrstError extends Error {
  override readonly name: ErrorName;
  readonly serverCode: number;
  readonly code: string;
  readonly title: string;

  constructor(
    name: ErrorName,
    readonly description: string,
    readonly details?: string[],
  ) {
    super(description);
    const spec: ErrorSpec = ErrorCatalog[name];
    this.name = name;
    this.serverCode = spec.serverCode;
    this.code = spec.code;
    this.title = spec.message;
  }

  toEnvelope(): ErrorEnvelope {
    const envelope: ErrorEnvelope = {
      serverCode: this.serverCode,
      name: this.name,
      code: this.code,
      message: this.title,
      description: this.description,
    };
    if (this.details?.length) envelope.details = this.details;
    return envelope;
  }

  /** Rebuilds an error received from another service; unknown names become INTERNAL_ERROR. */
  static fromEnvelope(value: unknown): PrstError {
    const candidate = value as Partial<ErrorEnvelope> | undefined;
    if (candidate && typeof candidate.name === 'string' && candidate.name in ErrorCatalog) {
      return new PrstError(
        candidate.name as ErrorName,
        String(candidate.description ?? ''),
        Array.isArray(candidate.details) ? candidate.details.map(String) : undefined,
      );
    }
    return new PrstError('INTERNAL_ERROR', 'An unexpected error occurred.');
  }
}
