import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@prst/contracts';
import { UserEntity } from './user.entity.js';
import type { UserState } from '../identity/principal-cache.js';

/** Database access for users. Methods that take a manager run inside the caller's transaction. */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return manager.findOneBy(UserEntity, { id });
  }

  async findByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.manager
      .createQueryBuilder(UserEntity, 'user')
      .where('lower(user.email) = lower(:email)', { email })
      .getOne();
  }

  async findState(id: string): Promise<UserState | undefined> {
    if (!isUuid(id)) return undefined;
    const user = await this.dataSource.manager.findOne(UserEntity, {
      where: { id },
      select: { id: true, email: true, role: true, status: true, tokenVersion: true, mustChangePassword: true },
    });
    return user
      ? { id: user.id, email: user.email, role: user.role, status: user.status, tokenVersion: user.tokenVersion, mustChangePassword: user.mustChangePassword }
      : undefined;
  }

  async rootExists(): Promise<boolean> {
    return (await this.dataSource.manager.countBy(UserEntity, { isRoot: true })) > 0;
  }

  /** Inserts the root administrator unless one exists (replicas may race); true when this call created it. */
  async insertRootIfAbsent(email: string, passwordHash: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO "identity"."users" ("email", "password_hash", "role", "is_root", "must_change_password")
       VALUES ($1, $2, 'admin', true, true) ON CONFLICT DO NOTHING RETURNING "id"`,
      [email, passwordHash],
    );
    return rows.length > 0;
  }

  list(): Promise<UserEntity[]> {
    return this.dataSource.manager.find(UserEntity, { order: { createdAt: 'ASC' } });
  }

  async insert(
    fields: { email: string; passwordHash: string; role: Role; createdBy: string; mustChangePassword: boolean },
    manager: EntityManager,
  ): Promise<UserEntity> {
    const result = await manager.insert(UserEntity, fields);
    return (await manager.findOneByOrFail(UserEntity, { id: result.identifiers[0]!.id as string }));
  }

  async update(id: string, fields: Partial<Pick<UserEntity, 'role' | 'status' | 'terminatedAt' | 'passwordHash' | 'mustChangePassword' | 'passwordChangedAt'>>, manager: EntityManager, bumpTokenVersion = false): Promise<void> {
    const builder = manager.createQueryBuilder().update(UserEntity).set({
      ...fields,
      updatedAt: () => 'now()',
      ...(bumpTokenVersion ? { tokenVersion: () => '"token_version" + 1' } : {}),
    });
    await builder.where('id = :id', { id }).execute();
  }

  /** Locks the user's row for the rest of the transaction (two admins changing one user queue up). */
  lockById(id: string, manager: EntityManager): Promise<UserEntity | null> {
    return manager.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
