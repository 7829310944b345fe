import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ParameterView, VersionStatus } from '@prst/contracts';

@Entity({ name: 'prompt' })
export class PromptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: 'active' | 'archived';

  @Column({ name: 'created_by', type: 'varchar', length: 128, nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'prompt_version' })
export class PromptVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'prompt_id', type: 'uuid' })
  promptId: string;

  @Column({ type: 'varchar', length: 64 })
  version: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  parameters: ParameterView[];

  @Column({ name: 'connector_id', type: 'uuid', nullable: true })
  connectorId: string | null;

  @Column({ name: 'connector_version', type: 'varchar', length: 64, nullable: true })
  connectorVersion: string | null;

  @Column({ name: 'credential_id', type: 'uuid', nullable: true })
  credentialId: string | null;

  @Column({ name: 'proxy_parameters', type: 'jsonb', default: () => "'{}'" })
  proxyParameters: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status: VersionStatus;

  @Column({ name: 'created_by', type: 'varchar', length: 128, nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}

/** A movable name (production, staging, …) pointing at one version of a prompt. */
@Entity({ name: 'prompt_label' })
export class PromptLabelEntity {
  @PrimaryColumn({ name: 'prompt_id', type: 'uuid' })
  promptId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  label: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
