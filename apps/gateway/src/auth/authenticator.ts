import { Injectable } from '@nestjs/common';
import { PrstError } from '@prst/contracts';
import { IdentityKeys } from '../identity/identity-keys.js';
import { PrincipalCache } from '../identity/principal-cache.js';
import { LastUsedTracker } from '../api-credentials/last-used.tracker.js';
import { JwtError, verifyAccessToken } from './jwt.js';
import { lesserRole } from './roles.js';
import { ThrottleService } from './throttle.service.js';
import type { Principal } from './principal.js';

export const API_KEY_PREFIX = 'prst_';

/**
 * Turns an `Authorization: Bearer …` value into a Principal: an API key (`prst_…`, looked up by its
 * keyed hash) or an access token (HS256 JWT). The common case costs no database query: users and
 * keys come from the PrincipalCache.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly keys: IdentityKeys,
    private readonly cache: PrincipalCache,
    private readonly throttle: ThrottleService,
    private readonly lastUsed: LastUsedTracker,
  ) {}

  async authenticate(authorization: string | undefined, clientAddress: string): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) {
      throw new PrstError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <access token or API key>.');
    }
    const secret = match[1]!;
    return secret.startsWith(API_KEY_PREFIX) ? this.apiKey(secret, clientAddress) : this.accessToken(secret);
  }

  private async accessToken(token: string): Promise<Principal> {
    let subject: string;
    let tokenVersion: number;
    try {
      const claims = verifyAccessToken(this.keys.jwt, token);
      subject = claims.sub;
      tokenVersion = claims.tv;
    } catch (error) {
      if (error instanceof JwtError && error.reason === 'expired') {
        throw new PrstError('TOKEN_EXPIRED', 'The access token has expired. Get a new one with POST /api/v1/auth/refresh.');
      }
      throw new PrstError('TOKEN_INVALID', 'The access token is not valid.');
    }
    const user = await this.cache.user(subject);
    if (!user) throw new PrstError('TOKEN_INVALID', 'The access token is not valid.');
    if (user.status === 'terminated') throw terminated();
    if (user.tokenVersion !== tokenVersion) {
      throw new PrstError('TOKEN_INVALID', 'This session has ended (the password was changed). Sign in again.');
    }
    return { type: 'user', id: user.id, userId: user.id, role: user.role, permissions: null, mustChangePassword: user.mustChangePassword };
  }

  private async apiKey(key: string, clientAddress: string): Promise<Principal> {
    const hash = this.keys.storedHash(key);
    const throttleKeys = this.throttle.apiKeyKeys(clientAddress);
    // Guessing keys costs a database query each, so unknown keys are throttled per address.
    if (!this.cache.hasCredential(hash)) await this.throttle.assertAllowed(throttleKeys);
    const credential = await this.cache.credential(hash);
    if (!credential) {
      await this.throttle.recordFailure(throttleKeys);
      throw new PrstError('API_CREDENTIAL_INVALID', 'The API key is not valid.');
    }
    if (credential.revokedAt) throw new PrstError('API_CREDENTIAL_INVALID', 'The API key has been revoked.');
    if (credential.expiresAt && credential.expiresAt.getTime() <= Date.now()) {
      throw new PrstError('API_CREDENTIAL_INVALID', 'The API key has expired.');
    }
    const creator = await this.cache.user(credential.createdBy);
    if (!creator) throw new PrstError('API_CREDENTIAL_INVALID', 'The API key is not valid.');
    if (creator.status === 'terminated') throw terminated();
    this.lastUsed.touch(credential.id);
    return {
      type: 'api_credential',
      id: credential.id,
      userId: creator.id,
      role: lesserRole(credential.role, creator.role),
      permissions: credential.permissions,
      mustChangePassword: false,
    };
  }
}

function terminated(): PrstError {
  return new PrstError('ACCOUNT_TERMINATED', 'This account has been terminated. Ask an administrator to reactivate it.');
}
