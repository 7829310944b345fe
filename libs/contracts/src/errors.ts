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

export interface ErrorSpec {
  serverCode: number;
  code: string;
  message: string;
}

import { AUDIT_ERRORS } from './errors/audit.errors.js';
import { GATEWAY_ERRORS } from './errors/gateway.errors.js';
import { SSO_ERRORS } from './errors/sso.errors.js';
import { SYSTEM_ERRORS } from './errors/system.errors.js';
import { FEEDBACK_ERRORS } from './errors/feedback.errors.js';
import { EXECUTOR_ERRORS } from './errors/executor.errors.js';
import { PROXY_ERRORS } from './errors/proxy.errors.js';
import { SUPPORT_ERRORS } from './errors/support.errors.js';
import { VAULT_ERRORS } from './errors/vault.errors.js';

/**
 * Every error the suite can answer, by name. Codes are `PRST-<MODULE>-ERR-<5 digits>` and never
 * reused. Each module keeps its own file in errors/ (GW gateway/API, SYS inter-service, SSO identity,
 * VLT vault, EXE executions, FBK feedback, AUD audit, SUP support); a unit test checks uniqueness.
 */
export const ErrorCatalog = {
  ...GATEWAY_ERRORS,
  ...SYSTEM_ERRORS,
  ...SSO_ERRORS,
  ...FEEDBACK_ERRORS,
  ...EXECUTOR_ERRORS,
  ...PROXY_ERRORS,
  ...SUPPORT_ERRORS,
  ...VAULT_ERRORS,
  ...AUDIT_ERRORS,
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
