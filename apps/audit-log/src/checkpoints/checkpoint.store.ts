import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import { KvBuckets } from '@prst/contracts';
import { NATS_CONNECTION, ensureReplicas } from '@prst/messaging';
import { AUDIT_LOG_ENV, type AuditLogEnv } from '../config/audit-log-env.js';
import type { AuditCheckpoint } from './checkpoint-signature.js';

const KEY = 'head';

export interface StoredCheckpoint {
  checkpoint: AuditCheckpoint;
  revision: number;
}

/**
 * The latest signed checkpoint, kept in the NATS KV bucket PRST_AUDIT_CHECKPOINTS: outside
 * PostgreSQL, so whoever can rewrite the audit table cannot also move the checkpoint back.
 */
@Injectable()
export class CheckpointStore {
  private bucket?: Promise<KV>;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(AUDIT_LOG_ENV) private readonly env: AuditLogEnv,
  ) {}

  /** Creates the bucket when missing (file storage, JETSTREAM_REPLICAS copies, a short history for operators). */
  async open(): Promise<KV> {
    this.bucket ??= this.create().catch((error: unknown) => {
      this.bucket = undefined;
      throw error;
    });
    return this.bucket;
  }

  private async create(): Promise<KV> {
    const { name } = KvBuckets.auditCheckpoints;
    const bucket = await new Kvm(this.connection).create(name, { history: 16, replicas: this.env.JETSTREAM_REPLICAS });
    await ensureReplicas(this.connection, `KV_${name}`, this.env.JETSTREAM_REPLICAS);
    return bucket;
  }

  async latest(): Promise<StoredCheckpoint | null> {
    const entry = await (await this.open()).get(KEY);
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return null;
    try {
      return { checkpoint: entry.json<AuditCheckpoint>(), revision: entry.revision };
    } catch {
      return { checkpoint: { seq: -1, hash: '', signedAt: '', signature: '' }, revision: entry.revision };
    }
  }

  /** Writes `checkpoint` only if the stored one is still at `revision` (0: none yet); false otherwise. */
  async replace(checkpoint: AuditCheckpoint, revision: number): Promise<boolean> {
    const bucket = await this.open();
    const value = JSON.stringify(checkpoint);
    try {
      if (revision === 0) await bucket.create(KEY, value);
      else await bucket.update(KEY, value, revision);
      return true;
    } catch (error) {
      if (/wrong last sequence|key exists/i.test((error as Error).message)) return false;
      throw error;
    }
  }
}
