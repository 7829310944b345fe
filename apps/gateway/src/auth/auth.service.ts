import { Injectable, Logger } from '@nestjs/common';
import { PrstError, type AuditEventInput, type CallerContext } from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { IdentityEvents } from '../identity/identity-events.js';
import { IdentityKeys } from '../identity/identity-keys.js';
import { UsersRepository } from '../users/users.repository.js';
import { PrincipalCache } from '../identity/principal-cache.js';
import { PasswordHasher } from './password-hasher.js';
import { passwordProblems } from './password-policy.js';
import type { Principal } from './principal.js';
import { SessionsRepository } from './sessions.repository.js';
import { ThrottleService } from './throttle.service.js';
import { TokenIssuer, type IssuedTokens } from './token-issuer.js';

export interface LoginResult extends IssuedTokens {
  mustChangePassword: boolean;
}

export interface MeView {
  type: 'user' | 'api_credential';
  id: string;
  role: string;
  email?: string;
  mustChangePassword?: boolean;
  userId?: string;
  permissions?: readonly string[] | null;
}

/** Sign-in, session refresh and password change. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('AuthService');

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly issuer: TokenIssuer,
    private readonly keys: IdentityKeys,
    private readonly throttle: ThrottleService,
    private readonly audit: AuditPublisher,
    private readonly events: IdentityEvents,
    private readonly cache: PrincipalCache,
  ) {}

  async login(email: string, password: string, clientAddress: string, context: CallerContext): Promise<LoginResult> {
    const throttleKeys = this.throttle.loginKeys(email, clientAddress);
    await this.throttle.assertAllowed(throttleKeys);
    const user = await this.users.findByEmail(email);
    const valid = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyNothing(password);
    if (!user || !valid) {
      await this.throttle.recordFailure(throttleKeys);
      await this.record(
        { action: 'auth.login', outcome: 'failure', principal: user ? { type: 'user', id: user.id } : { type: 'anonymous' }, details: { email, reason: 'wrong e-mail or password' } },
        context,
      );
      throw new PrstError('INVALID_CREDENTIALS', 'The e-mail address or the password is wrong.');
    }
    if (user.status === 'terminated') {
      await this.record({ action: 'auth.login', outcome: 'denied', principal: { type: 'user', id: user.id }, details: { email, reason: 'account terminated' } }, context);
      throw new PrstError('ACCOUNT_TERMINATED', 'This account has been terminated. Ask an administrator to reactivate it.');
    }
    await this.throttle.clearAccount(throttleKeys);
    const tokens = await this.sessions.transaction((manager) => this.issuer.issue(user, manager));
    await this.record({ action: 'auth.login', outcome: 'success', principal: { type: 'user', id: user.id }, details: { email: user.email } }, context);
    return { ...tokens, mustChangePassword: user.mustChangePassword };
  }

  /** Rotates a refresh token; a token presented twice revokes its whole family (it was copied). */
  async refresh(refreshToken: string, context: CallerContext): Promise<LoginResult> {
    const stored = await this.sessions.findByHash(this.keys.storedHash(refreshToken));
    if (!stored || stored.revokedAt) throw new PrstError('TOKEN_INVALID', 'The refresh token is not valid. Sign in again.');
    if (stored.usedAt) return this.reused(stored.familyId, stored.userId, context);
    if (stored.expiresAt.getTime() <= Date.now()) throw new PrstError('TOKEN_EXPIRED', 'The refresh token has expired. Sign in again.');
    const user = await this.users.findById(stored.userId);
    if (!user) throw new PrstError('TOKEN_INVALID', 'The refresh token is not valid. Sign in again.');
    if (user.status === 'terminated') {
      throw new PrstError('ACCOUNT_TERMINATED', 'This account has been terminated. Ask an administrator to reactivate it.');
    }
    const tokens = await this.sessions.transaction(async (manager) => {
      if (!(await this.sessions.markUsed(stored.id, manager))) return undefined;
      return this.issuer.issue(user, manager, stored.familyId);
    });
    // Two requests raced with the same token: the loser is a reuse.
    if (!tokens) return this.reused(stored.familyId, stored.userId, context);
    return { ...tokens, mustChangePassword: user.mustChangePassword };
  }

  /** Ends the session family of a refresh token; unknown tokens are ignored (no oracle). */
  async logout(refreshToken: string): Promise<void> {
    const stored = await this.sessions.findByHash(this.keys.storedHash(refreshToken));
    if (stored) await this.sessions.revokeFamily(stored.familyId);
  }

  async changePassword(principal: Principal, currentPassword: string, newPassword: string, clientAddress: string, context: CallerContext): Promise<LoginResult> {
    if (principal.type !== 'user') throw new PrstError('FORBIDDEN', 'Only a signed-in user can change a password; API keys cannot.');
    const user = await this.users.findById(principal.id);
    if (!user) throw new PrstError('TOKEN_INVALID', 'The access token is not valid.');
    const throttleKeys = this.throttle.loginKeys(user.email, clientAddress);
    await this.throttle.assertAllowed(throttleKeys);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.throttle.recordFailure(throttleKeys);
      await this.record({ action: 'auth.password.change', outcome: 'failure', details: { reason: 'wrong current password' } }, context);
      throw new PrstError('INVALID_CREDENTIALS', 'The current password is wrong.');
    }
    const problems = await passwordProblems(newPassword, user.email);
    if (newPassword === currentPassword) problems.push('The new password must differ from the current one.');
    if (problems.length) throw new PrstError('WEAK_PASSWORD', `The new password is not accepted: ${problems.join(' ')}`, problems);
    const passwordHash = await this.hasher.hash(newPassword);
    const tokens = await this.sessions.transaction(async (manager) => {
      await this.users.update(user.id, { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() }, manager, true);
      // Every other session of the user ends: a password change is how one recovers from a leak.
      await this.sessions.revokeAllOfUser(user.id, manager);
      const issued = await this.issuer.issue({ id: user.id, tokenVersion: user.tokenVersion + 1 }, manager);
      // Fails closed: without its audit event the change is rolled back.
      await this.audit.publish({ action: 'auth.password.change', outcome: 'success', resource: { type: 'user', id: user.id } }, context);
      return issued;
    });
    this.events.changed({ kind: 'user', id: user.id });
    return { ...tokens, mustChangePassword: false };
  }

  async me(principal: Principal): Promise<MeView> {
    if (principal.type === 'api_credential') {
      return { type: 'api_credential', id: principal.id, role: principal.role, userId: principal.userId, permissions: principal.permissions };
    }
    // From the guard's cache: this answer costs no query.
    const user = await this.cache.user(principal.id);
    if (!user) throw new PrstError('TOKEN_INVALID', 'The access token is not valid.');
    return { type: 'user', id: user.id, email: user.email, role: principal.role, mustChangePassword: user.mustChangePassword };
  }

  private async reused(familyId: string, userId: string, context: CallerContext): Promise<never> {
    await this.sessions.revokeFamily(familyId);
    await this.record({ action: 'auth.refresh.reused', outcome: 'denied', principal: { type: 'user', id: userId }, details: { familyId } }, context);
    throw new PrstError('REFRESH_TOKEN_REUSED', 'This refresh token was already used, so the session has been ended. Sign in again.');
  }

  /** Sign-in events are recorded when possible; an unavailable audit trail does not lock everyone out. */
  private async record(event: AuditEventInput, context: CallerContext): Promise<void> {
    await this.audit.publish(event, context).catch(() => this.logger.warn(`could not record ${event.action} (${event.outcome}) in the audit trail`));
  }
}
