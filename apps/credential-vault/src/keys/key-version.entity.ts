import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One key-encryption key the installation has used: only its fingerprint, never the key. */
@Entity({ schema: 'vault', name: 'key_versions' })
export class KeyVersionEntity {
  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  kdf: 'hkdf-sha256' | 'scrypt';

  @Column({ type: 'text' })
  fingerprint: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Per-installation KDF salt (one row), generated on first start. */
@Entity({ schema: 'vault', name: 'installation' })
export class InstallationEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ name: 'kdf_salt', type: 'bytea' })
  kdfSalt: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
