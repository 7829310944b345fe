import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@prst/contracts';

/** A key for programs: `Authorization: Bearer prst_…`; stored only as a keyed hash. */
@Entity({ schema: 'identity', name: 'api_credentials' })
export class ApiCredentialEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** The first characters of the key, shown in lists so a person can tell keys apart. */
  @Column('text')
  prefix: string;

  @Column('bytea', { name: 'key_hash' })
  keyHash: Buffer;

  @Column('text')
  role: Role;

  /** When set, the key may use only these permissions (within its role). */
  @Column('text', { array: true, nullable: true })
  permissions: string[] | null;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;
}
