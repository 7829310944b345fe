import { Inject, Injectable } from '@nestjs/common';
import type { AuditVerifyReply } from '@prst/contracts';
import { AUDIT_LOG_ENV, type AuditLogEnv } from '../config/audit-log-env.js';
import { checkpointSignatureValid } from '../checkpoints/checkpoint-signature.js';
import { CheckpointStore } from '../checkpoints/checkpoint.store.js';
import { ChainVerifier } from './audit-chain.js';
import { verdictOf } from './checkpoint-verdict.js';
import { ChainRepository, linkOf } from './chain.repository.js';

/**
 * Verifies the stored chain end to end against the latest signed checkpoint. The checkpoint is read
 * first: it is only written after its records were committed, so the scan that follows must reach it.
 */
@Injectable()
export class ChainVerifierService {
  constructor(
    @Inject(AUDIT_LOG_ENV) private readonly env: AuditLogEnv,
    private readonly chain: ChainRepository,
    private readonly checkpoints: CheckpointStore,
  ) {}

  async verify(): Promise<AuditVerifyReply> {
    const stored = (await this.checkpoints.latest())?.checkpoint ?? null;
    const signed = stored !== null && checkpointSignatureValid(this.env.AUDIT_SIGNING_KEY, stored);
    const verifier = new ChainVerifier(stored ? new Set([stored.seq]) : new Set());
    for await (const rows of this.chain.allRows()) rows.forEach((row) => verifier.add(linkOf(row)));
    const report = verifier.result();

    // No checkpoint although one is due means the bucket was emptied: that hides truncation.
    return verdictOf(report, report.firstInvalidSeq, {
      checkpoint: stored,
      signed,
      validWithout: report.headSeq < this.env.AUDIT_CHECKPOINT_EVERY,
    });
  }
}
