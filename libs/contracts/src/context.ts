/** Headers that carry the caller's context on every NATS message; set by the gateway. */
export const ContextHeaders = {
  requestId: 'x-prst-request-id',
  principalId: 'x-prst-principal-id',
  principalType: 'x-prst-principal-type',
  role: 'x-prst-role',
  traceparent: 'traceparent',
} as const;

export type PrincipalType = 'user' | 'api_credential' | 'system';
export type Role = 'admin' | 'editor' | 'viewer';

export interface CallerContext {
  requestId: string;
  principalId?: string;
  principalType?: PrincipalType;
  role?: Role;
  traceparent?: string;
}
