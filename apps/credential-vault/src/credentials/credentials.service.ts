import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  PrstError,
  type CallerContext,
  type CreateCredentialRequest,
  type CredentialList,
  type CredentialView,
  type ListCredentialsRequest,
  type ResolveCredentialReply,
  type UpdateCredentialRequest,
} from '@prst/contracts';
import { DecryptionError, KeyUnavailableError, openCredential, sealCredential } from '@prst/crypto';
import { AuditPublisher } from '@prst/messaging';
import { KeyringService } from '../keys/keyring.service.js';
import { CredentialEvents } from '../events/credential-events.js';
import { CredentialsRepository } from './credentials.repository.js';
import type { StoredCredential } from './stored-credential.js';
import { MASK, maskSecret } from './mask.js';

const notFound = (id: string) => new PrstError('CREDENTIAL_NOT_FOUND', `There is no credential ${id}.`);

/**
 * Credentials: sealed on write, opened only to mask them or to answer the prompt-executor's resolve.
 * Every change and every resolve is audited inside the operation: when the audit trail cannot
 * store the event the operation fails (503) and nothing is written or returned.
 */
@Injectable()
export class CredentialsService {
  private readonly logger = new Logger('CredentialsService');

  constructor(
    private readonly repository: CredentialsRepository,
    private readonly keys: KeyringService,
    private readonly audit: AuditPublisher,
    private readonly events: CredentialEvents,
  ) {}

  async create(request: CreateCredentialRequest, context: CallerContext): Promise<CredentialView> {
    const id = randomUUID();
    const sealed = sealCredential(this.keys.keyring, id, request.values);
    const stored = await this.repository.insert(
      { id, name: request.name, description: request.description ?? null, sealed, by: context.principalId ?? null },
      (row) => this.audit.publish(this.changeEvent('credential.created', row), context),
    );
    return this.view(stored, request.values);
  }

  async list(request: ListCredentialsRequest): Promise<CredentialList> {
    const limit = request.limit ?? 100;
    const offset = request.offset ?? 0;
    const page = await this.repository.list(limit, offset);
    return { items: page.items.map((stored) => this.view(stored, this.openForMasking(stored))), total: page.total, limit, offset };
  }

  async get(id: string): Promise<CredentialView> {
    const stored = await this.repository.find(id);
    if (!stored) throw notFound(id);
    return this.view(stored, this.open(stored));
  }

  async update(request: UpdateCredentialRequest, context: CallerContext): Promise<CredentialView> {
    const sealed = sealCredential(this.keys.keyring, request.id, request.values);
    const stored = await this.repository.replace(
      { id: request.id, name: request.name, description: request.description, sealed, by: context.principalId ?? null },
      (row) => this.audit.publish(this.changeEvent('credential.updated', row), context),
    );
    if (!stored) throw notFound(request.id);
    this.events.changed([request.id], 'updated', context);
    return this.view(stored, request.values);
  }

  async delete(id: string, context: CallerContext): Promise<void> {
    const deleted = await this.repository.delete(id, (row) =>
      this.audit.publish(
        { action: 'credential.deleted', outcome: 'success', resource: { type: 'credential', id: row.id }, details: { name: row.name } },
        context,
      ),
    );
    if (!deleted) throw notFound(id);
    this.events.changed([id], 'deleted', context);
  }

  /** Plaintext values for the prompt-executor; audited (which credential, who asked), never the values. */
  async resolve(id: string, context: CallerContext): Promise<ResolveCredentialReply> {
    const stored = await this.repository.find(id);
    if (!stored) {
      await this.auditFailure(id, 'not_found', context);
      throw notFound(id);
    }
    let values: Record<string, string>;
    try {
      values = this.open(stored);
    } catch (error) {
      await this.auditFailure(id, error instanceof PrstError ? error.name.toLowerCase() : 'error', context);
      throw error;
    }
    await this.audit.publish(
      {
        action: 'credential.resolved',
        outcome: 'success',
        resource: { type: 'credential', id },
        details: { name: stored.name, slots: Object.keys(values), keyVersion: stored.sealed.keyVersion },
      },
      context,
    );
    return { id, name: stored.name, values, updatedAt: stored.updatedAt.toISOString() };
  }

  private open(stored: StoredCredential): Record<string, string> {
    try {
      return openCredential(this.keys.keyring, stored.id, stored.sealed);
    } catch (error) {
      if (error instanceof KeyUnavailableError) {
        throw new PrstError(
          'ENCRYPTION_KEY_UNAVAILABLE',
          `Credential ${stored.id} is sealed under key version ${stored.sealed.keyVersion}, which this vault does not hold; check ENCRYPTION_SECRET and ENCRYPTION_SECRET_PREVIOUS.`,
        );
      }
      if (error instanceof DecryptionError) {
        this.logger.error(`credential ${stored.id} failed authentication: its stored ciphertext was altered or moved`);
        throw new PrstError('CREDENTIAL_UNREADABLE', `Credential ${stored.id} cannot be decrypted: its stored data was altered. Store its values again.`);
      }
      throw error;
    }
  }

  /** Listing must not fail because of one damaged record: it shows that record fully masked. */
  private openForMasking(stored: StoredCredential): Record<string, string> {
    try {
      return this.open(stored);
    } catch {
      return Object.fromEntries(Object.keys(stored.sealed.slots).map((slot) => [slot, '']));
    }
  }

  private view(stored: StoredCredential, values: Record<string, string>): CredentialView {
    return {
      id: stored.id,
      name: stored.name,
      description: stored.description,
      slots: Object.fromEntries(Object.entries(values).map(([slot, value]) => [slot, value ? maskSecret(value) : MASK])),
      keyVersion: stored.sealed.keyVersion,
      createdAt: stored.createdAt.toISOString(),
      updatedAt: stored.updatedAt.toISOString(),
    };
  }

  private changeEvent(action: string, stored: StoredCredential) {
    return {
      action,
      outcome: 'success' as const,
      resource: { type: 'credential', id: stored.id },
      details: { name: stored.name, slots: Object.keys(stored.sealed.slots), keyVersion: stored.sealed.keyVersion },
    };
  }

  /** Best effort: the request fails anyway, so a missing audit trail must not hide the real error. */
  private async auditFailure(id: string, reason: string, context: CallerContext): Promise<void> {
    await this.audit
      .publish({ action: 'credential.resolved', outcome: 'failure', resource: { type: 'credential', id }, details: { reason } }, context)
      .catch(() => this.logger.warn(`could not audit the failed resolve of credential ${id}`));
  }
}
