import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AUDIT_LOG_ENV, type AuditLogEnv } from '../config/audit-log-env.js';
import { ChainRepository, type ChainHead } from '../chain/chain.repository.js';
import { checkpointSignatureValid, signCheckpoint } from './checkpoint-signature.js';
import { CheckpointStore } from './checkpoint.store.js';

/**
 * Signs the chain's head into the checkpoint bucket every AUDIT_CHECKPOINT_EVERY records or
 * AUDIT_CHECKPOINT_INTERVAL_MS, whichever comes first. Replicas race safely: a checkpoint only moves
 * forward (compare-and-set on the KV revision), and never over one that the database contradicts,
 * because that checkpoint is the evidence of tampering.
 */
@Injectable()
export class CheckpointService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private lastSignedSeq = 0;
  private running: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(AUDIT_LOG_ENV) private readonly env: AuditLogEnv,
    private readonly store: CheckpointStore,
    private readonly chain: ChainRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.store.open();
    this.lastSignedSeq = (await this.store.latest())?.checkpoint.seq ?? 0;
    this.timer = setInterval(() => void this.checkpoint().catch(() => undefined), this.env.AUDIT_CHECKPOINT_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Called after every append: signs when enough records arrived since the last checkpoint. */
  appended(head: ChainHead | null): void {
    if (head && head.seq - this.lastSignedSeq >= this.env.AUDIT_CHECKPOINT_EVERY) {
      void this.checkpoint().catch((error: unknown) => this.logger.warn(`checkpoint failed: ${(error as Error).message}`));
    }
  }

  /** Signs the current head unless the stored checkpoint already covers it; one at a time. */
  checkpoint(): Promise<void> {
    this.running = this.running.catch(() => undefined).then(() => this.signHead());
    return this.running;
  }

  private async signHead(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const head = await this.chain.head();
      const stored = await this.store.latest();
      if (stored) {
        const { checkpoint } = stored;
        const consistent =
          checkpointSignatureValid(this.env.AUDIT_SIGNING_KEY, checkpoint) &&
          (await this.chain.hashAt(checkpoint.seq)) === checkpoint.hash;
        if (!consistent) {
          this.logger.error(`the audit chain contradicts the signed checkpoint at seq ${checkpoint.seq}; not signing over it`);
          return;
        }
        this.lastSignedSeq = Math.max(this.lastSignedSeq, checkpoint.seq);
        if (!head || head.seq <= checkpoint.seq) return;
      }
      if (!head) return;
      if (await this.store.replace(signCheckpoint(this.env.AUDIT_SIGNING_KEY, head.seq, head.hash), stored?.revision ?? 0)) {
        this.lastSignedSeq = head.seq;
        return;
      }
      // Another replica signed in between: read again and sign only if still ahead.
    }
  }
}
