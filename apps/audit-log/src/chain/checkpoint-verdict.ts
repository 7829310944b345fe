import type { AuditVerifyReply } from '@prst/contracts';
import type { AuditCheckpoint } from '../checkpoints/checkpoint-signature.js';
import type { ChainReport } from './audit-chain.js';

export interface CheckpointEvidence {
  /** The latest checkpoint, or null when there is none. */
  checkpoint: AuditCheckpoint | null;
  /** Whether its HMAC signature holds. */
  signed: boolean;
  /** The verdict on the checkpoint when there is none (the service knows whether one is due). */
  validWithout: boolean;
}

/**
 * The verify answer for a scanned chain: valid when every record holds and the signed checkpoint
 * names a record of the chain with the same hash. A chain shorter than its signed checkpoint lost its
 * newest records: the first missing sequence is invalid.
 */
export function verdictOf(report: ChainReport, firstInvalidSeq: number | null, evidence: CheckpointEvidence): AuditVerifyReply {
  const { checkpoint, signed } = evidence;
  let checkpointValid = evidence.validWithout;
  if (checkpoint) {
    checkpointValid = signed && report.kept.get(checkpoint.seq) === checkpoint.hash;
    if (signed && report.headSeq < checkpoint.seq && firstInvalidSeq === null) firstInvalidSeq = report.headSeq + 1;
  }
  return {
    valid: firstInvalidSeq === null && checkpointValid,
    entries: report.entries,
    headSeq: report.headSeq,
    headHash: report.headHash,
    firstInvalidSeq,
    checkpoint: { seq: checkpoint?.seq ?? null, valid: checkpointValid },
  };
}
