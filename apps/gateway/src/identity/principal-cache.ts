import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@prst/contracts';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';
import { UsersRepository } from '../users/users.repository.js';
import { ApiCredentialsRepository } from '../api-credentials/api-credentials.repository.js';

/** What the guard needs to know about a user on every request. */
export interface UserState {
  id: string;
  email: string;
  role: Role;
  status: 'active' | 'terminated';
  tokenVersion: number;
  mustChangePassword: boolean;
}

/** What the guard needs to know about an API credential on every request. */
export interface CredentialState {
  id: string;
  role: Role;
  permissions: string[] | null;
  createdBy: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

interface Entry<T> {
  value: Promise<T | undefined>;
  expiresAt: number;
}

/**
 * A short-lived cache of users (by id) and API credentials (by keyed hash), so that an authenticated
 * request costs no database round trip in the common case. Entries expire after AUTH_CACHE_TTL_MS and
 * are evicted at once on any change (see IdentityEvents). Concurrent misses share one query.
 */
@Injectable()
export class PrincipalCache {
  private readonly ttlMs: number;
  private readonly users = new Map<string, Entry<UserState>>();
  private readonly credentials = new Map<string, Entry<CredentialState>>();
  /** credential id → hash key, so that a revocation by id can find the entry. */
  private readonly credentialKeys = new Map<string, string>();

  constructor(
    @Inject(GATEWAY_ENV) env: GatewayEnv,
    private readonly usersRepository: UsersRepository,
    private readonly credentialsRepository: ApiCredentialsRepository,
  ) {
    this.ttlMs = env.AUTH_CACHE_TTL_MS;
  }

  user(id: string): Promise<UserState | undefined> {
    return this.lookup(this.users, id, () => this.usersRepository.findState(id));
  }

  /** Whether a credential with this hash is cached (a cached key is known to exist or not). */
  hasCredential(hash: Buffer): boolean {
    const entry = this.credentials.get(hash.toString('hex'));
    return entry !== undefined && entry.expiresAt > Date.now();
  }

  credential(hash: Buffer): Promise<CredentialState | undefined> {
    const key = hash.toString('hex');
    return this.lookup(this.credentials, key, async () => {
      const state = await this.credentialsRepository.findStateByHash(hash);
      if (state) this.credentialKeys.set(state.id, key);
      return state;
    });
  }

  evictUser(id: string): void {
    this.users.delete(id);
  }

  evictCredential(id: string): void {
    const key = this.credentialKeys.get(id);
    if (key) this.credentials.delete(key);
    this.credentialKeys.delete(id);
  }

  private lookup<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const now = Date.now();
    const cached = map.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    const value = load();
    if (this.ttlMs > 0) {
      // Unknown ids and hashes are not kept: a miss must not pin memory for guessed values.
      map.set(key, { value, expiresAt: now + this.ttlMs });
      value.then(
        (found) => {
          if (!found && map.get(key)?.value === value) map.delete(key);
        },
        () => map.delete(key),
      );
      if (map.size > 50000) map.delete(map.keys().next().value as string);
    }
    return value;
  }
}
