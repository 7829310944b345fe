import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PrstError, type CallerContext, type Role } from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { PasswordHasher } from '../auth/password-hasher.js';
import { passwordProblems } from '../auth/password-policy.js';
import type { Principal } from '../auth/principal.js';
import { SessionsRepository } from '../auth/sessions.repository.js';
import { IdentityEvents } from '../identity/identity-events.js';
import { toUserView, type UserView } from './dto/user.view.js';
import type { UserEntity } from './user.entity.js';
import { isUuid, UsersRepository } from './users.repository.js';

/** The answer of a password reset: the only time the one-time password is shown. */
export interface PasswordReset {
  oneTimePassword: string;
  mustChangePassword: true;
}

/**
 * User administration. Every change is written in a transaction that also publishes its audit event
 * before committing, so a change the audit trail cannot record is not made (503 AUDIT_UNAVAILABLE).
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditPublisher,
    private readonly events: IdentityEvents,
  ) {}

  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(toUserView);
  }

  async create(principal: Principal, input: { email: string; role: Role; password: string }, context: CallerContext): Promise<UserView> {
    const problems = await passwordProblems(input.password, input.email);
    if (problems.length) throw new PrstError('WEAK_PASSWORD', `The password is not accepted: ${problems.join(' ')}`, problems);
    if (await this.users.findByEmail(input.email)) throw new PrstError('USER_EXISTS', `A user with the e-mail ${input.email} already exists.`);
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await this.users.insert(
          { email: input.email, passwordHash, role: input.role, createdBy: principal.userId, mustChangePassword: false },
          manager,
        );
        await this.audit.publish(
          { action: 'user.create', outcome: 'success', resource: { type: 'user', id: user.id }, details: { email: user.email, role: user.role } },
          context,
        );
        return toUserView(user);
      });
    } catch (error) {
      // Two admins creating the same address at once: the unique index decides.
      if ((error as { code?: string }).code === '23505') throw new PrstError('USER_EXISTS', `A user with the e-mail ${input.email} already exists.`);
      throw error;
    }
  }

  changeRole(principal: Principal, id: string, role: Role, context: CallerContext): Promise<UserView> {
    return this.change(id, context, async (user, manager) => {
      if (user.isRoot) throw new PrstError('ROOT_ADMIN_PROTECTED', 'The root administrator is always an admin.');
      if (user.role === role) return undefined;
      await this.users.update(user.id, { role }, manager);
      return { action: 'user.role.change', details: { from: user.role, to: role } };
    });
  }

  terminate(principal: Principal, id: string, context: CallerContext): Promise<UserView> {
    return this.change(id, context, async (user, manager) => {
      if (user.isRoot) throw new PrstError('ROOT_ADMIN_PROTECTED', 'The root administrator cannot be terminated.');
      if (user.id === principal.userId) throw new PrstError('CONFLICT', 'You cannot terminate your own account.');
      if (user.status === 'terminated') return undefined;
      await this.users.update(user.id, { status: 'terminated', terminatedAt: new Date() }, manager, true);
      await this.sessions.revokeAllOfUser(user.id, manager);
      return { action: 'user.terminate', details: {} };
    });
  }

  reactivate(principal: Principal, id: string, context: CallerContext): Promise<UserView> {
    return this.change(id, context, async (user, manager) => {
      if (user.status === 'active') return undefined;
      await this.users.update(user.id, { status: 'active', terminatedAt: null }, manager);
      return { action: 'user.reactivate', details: {} };
    });
  }

  /**
   * Gives a user (the root administrator too) a generated one-time password that must be changed at
   * the next sign-in; every session of the user ends.
   */
  async resetPassword(email: string, context: CallerContext): Promise<PasswordReset> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new PrstError('USER_NOT_FOUND', `There is no user with the e-mail ${email}.`);
    const oneTimePassword = randomBytes(18).toString('base64url');
    const passwordHash = await this.hasher.hash(oneTimePassword);
    await this.change(user.id, context, async (locked, manager) => {
      await this.users.update(locked.id, { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() }, manager, true);
      await this.sessions.revokeAllOfUser(locked.id, manager);
      return { action: 'user.password.reset', details: {} };
    });
    return { oneTimePassword, mustChangePassword: true };
  }

  /** Locks the user, applies `apply` (undefined = nothing to do), audits, commits, evicts caches. */
  private async change(
    id: string,
    context: CallerContext,
    apply: (user: UserEntity, manager: EntityManager) => Promise<{ action: string; details: Record<string, unknown> } | undefined>,
  ): Promise<UserView> {
    if (!isUuid(id)) throw new PrstError('USER_NOT_FOUND', `There is no user ${id}.`);
    const changed = await this.dataSource.transaction(async (manager) => {
      const user = await this.users.lockById(id, manager);
      if (!user) throw new PrstError('USER_NOT_FOUND', `There is no user ${id}.`);
      const change = await apply(user, manager);
      if (change) {
        await this.audit.publish({ action: change.action, outcome: 'success', resource: { type: 'user', id: user.id }, details: change.details }, context);
      }
      return (await this.users.findById(user.id, manager)) as UserEntity;
    });
    this.events.changed({ kind: 'user', id: changed.id });
    return toUserView(changed);
  }
}
