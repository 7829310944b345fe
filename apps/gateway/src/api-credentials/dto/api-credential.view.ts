import type { Role } from '@prst/contracts';
import type { ApiCredentialEntity } from '../api-credential.entity.js';

/** An API credential as listed: never the key or its hash. */
export interface ApiCredentialView {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  permissions: string[] | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The answer of a create: the only time the key is shown. */
export interface CreatedApiCredential extends ApiCredentialView {
  key: string;
}

export function toApiCredentialView(credential: ApiCredentialEntity): ApiCredentialView {
  return {
    id: credential.id,
    name: credential.name,
    prefix: credential.prefix,
    role: credential.role,
    permissions: credential.permissions,
    createdBy: credential.createdBy,
    createdAt: credential.createdAt.toISOString(),
    expiresAt: credential.expiresAt?.toISOString() ?? null,
    revokedAt: credential.revokedAt?.toISOString() ?? null,
    lastUsedAt: credential.lastUsedAt?.toISOString() ?? null,
  };
}
