import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@prst/contracts';

export type UserStatus = 'active' | 'terminated';

/** A person who signs in with e-mail and password. */
@Entity({ schema: 'identity', name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  /** argon2id hash (PHC string); the password itself is never stored. */
  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('text')
  role: Role;

  @Column('boolean', { name: 'is_root' })
  isRoot: boolean;

  @Column('boolean', { name: 'must_change_password' })
  mustChangePassword: boolean;

  @Column('text')
  status: UserStatus;

  /** Bumped when every existing access token of the user must stop (password change, termination). */
  @Column('integer', { name: 'token_version' })
  tokenVersion: number;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'password_changed_at', nullable: true })
  passwordChangedAt: Date | null;

  @Column('timestamptz', { name: 'terminated_at', nullable: true })
  terminatedAt: Date | null;
}
