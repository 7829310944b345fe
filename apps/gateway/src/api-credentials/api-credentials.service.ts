import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PrstError, type CallerContext, type Role } from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { API_KEY_PREFIX } from '../auth/authenticator.js';
import { PERMISSIONS, type Permission } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { roleWithin } from '../auth/roles.js';
import { IdentityEvents } from '../identity/identity-events.js';
import { IdentityKeys } from '../identity/identity-keys.js';
import { isUuid } from '../users/users.repository.js';
import { ApiCredentialsRepository } from './api-credentials.repository.js';
import { toApiCredentialView, type ApiCredentialView, type CreatedApiCredential } from './dto/api-credential.view.js';

/** Characters of the key kept for display: "prst_" and 8 of the random part (48 of its 192 bits). */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

@Injectable()
export class ApiCredentialsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ApiCredentialsRepository,
    private readonly keys: IdentityKeys,
    private readonly audit: AuditPublisher,
    private readonly events: IdentityEvents,
  ) {}

  async create(
    principal: Principal,
    input: { name: string; role: Role; expiresAt?: string; permissions?: string[] },
    context: CallerContext,
  ): Promise<CreatedApiCredential> {
    if (principal.type !== 'user') throw new PrstError('FORBIDDEN', 'API credentials are created by signed-in users, not by other API credentials.');
    if (!roleWithin(input.role, principal.role)) {
      throw new PrstError('ROLE_NOT_ALLOWED', `An API credential cannot have a role (${input.role}) above yours (${principal.role}).`);
    }
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw new PrstError('VALIDATION_FAILED', 'expiresAt must be in the future.');
    const permissions = input.permissions ? [...new Set(input.permissions)] : null;
    const outsideRole = (permissions ?? []).filter((p) => !(PERMISSIONS[p as Permission] as readonly string[]).includes(input.role));
    if (outsideRole.length) {
      throw new PrstError('VALIDATION_FAILED', `The role ${input.role} does not grant: ${outsideRole.join(', ')}.`, outsideRole);
    }
    // 192 random bits, base64url: well above the 128 bits that make guessing hopeless.
    const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    return this.dataSource.transaction(async (manager) => {
      const credential = await this.repository.insert(
        { name: input.name, prefix: key.slice(0, DISPLAY_PREFIX_LENGTH), keyHash: this.keys.storedHash(key), role: input.role, permissions, createdBy: principal.userId, expiresAt },
        manager,
      );
      await this.audit.publish(
        {
          action: 'api_credential.create',
          outcome: 'success',
          resource: { type: 'api_credential', id: credential.id },
          details: { name: credential.name, role: credential.role, permissions, expiresAt: credential.expiresAt?.toISOString() ?? null },
        },
        context,
      );
      return { ...toApiCredentialView(credential), key };
    });
  }

  async list(principal: Principal): Promise<ApiCredentialView[]> {
    const all = principal.role === 'admin' && principal.type === 'user';
    return (await this.repository.list(all ? undefined : principal.userId)).map(toApiCredentialView);
  }

  async revoke(principal: Principal, id: string, context: CallerContext): Promise<void> {
    const notFound = () => new PrstError('API_CREDENTIAL_NOT_FOUND', `There is no API credential ${id}.`);
    if (!isUuid(id)) throw notFound();
    await this.dataSource.transaction(async (manager) => {
      const credential = await this.repository.findById(id, manager);
      const mayRevoke = credential && (credential.createdBy === principal.userId || principal.role === 'admin');
      if (!credential || !mayRevoke) throw notFound();
      if (credential.revokedAt) return;
      await this.repository.revoke(id, manager);
      await this.audit.publish(
        { action: 'api_credential.revoke', outcome: 'success', resource: { type: 'api_credential', id }, details: { name: credential.name } },
        context,
      );
    });
    this.events.changed({ kind: 'api_credential', id });
  }
}

