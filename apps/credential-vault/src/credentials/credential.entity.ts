import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A credential's metadata and its wrapped data key; slot ciphertexts live in credential_slots. */
@Entity({ schema: 'vault', name: 'credentials' })
export class CredentialEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'key_version', type: 'integer' })
  keyVersion: number;

  @Column({ name: 'dk_nonce', type: 'bytea' })
  dkNonce: Buffer;

  @Column({ name: 'dk_wrapped', type: 'bytea' })
  dkWrapped: Buffer;

  @Column({ name: 'dk_tag', type: 'bytea' })
  dkTag: Buffer;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One slot's ciphertext, under the credential's data key. */
@Entity({ schema: 'vault', name: 'credential_slots' })
export class CredentialSlotEntity {
  @PrimaryColumn({ name: 'credential_id', type: 'uuid' })
  credentialId: string;

  @PrimaryColumn({ type: 'text' })
  slot: string;

  @Column({ type: 'bytea' })
  nonce: Buffer;

  @Column({ type: 'bytea' })
  ciphertext: Buffer;

  @Column({ type: 'bytea' })
  tag: Buffer;
}
