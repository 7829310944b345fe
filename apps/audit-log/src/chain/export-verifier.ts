import type { AuditRecord, AuditVerifyReply } from '@prst/contracts';
import { checkpointSignatureValid, type AuditCheckpoint } from '../checkpoints/checkpoint-signature.js';
import { ChainVerifier, contentOf } from './audit-chain.js';
import { verdictOf } from './checkpoint-verdict.js';

/**
 * Verifies an NDJSON export (one AuditRecord per line, in sequence order) the way the service
 * verifies its table. With a checkpoint and its signing key, a missing tail is detected too.
 * A line that is not a record counts as invalid at the sequence expected there.
 */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  options: { checkpoint?: AuditCheckpoint; signingKey?: string } = {},
): Promise<AuditVerifyReply> {
  const { checkpoint, signingKey } = options;
  const verifier = new ChainVerifier(checkpoint ? new Set([checkpoint.seq]) : new Set());
  let malformedAt: number | null = null;
  for await (const line of lines) {
    if (!line.trim()) continue;
    let record: AuditRecord;
    try {
      record = JSON.parse(line) as AuditRecord;
      if (!Number.isSafeInteger(record.seq) || typeof record.hash !== 'string' || typeof record.prevHash !== 'string') throw new Error();
    } catch {
      malformedAt ??= verifier.result().headSeq + 1;
      continue;
    }
    verifier.add({ seq: record.seq, prevHash: record.prevHash, hash: record.hash, content: contentOf(record) });
  }
  const report = verifier.result();
  const firstInvalidSeq =
    malformedAt !== null && (report.firstInvalidSeq === null || malformedAt < report.firstInvalidSeq) ? malformedAt : report.firstInvalidSeq;
  const signed = checkpoint !== undefined && signingKey !== undefined && checkpointSignatureValid(signingKey, checkpoint);
  return verdictOf(report, firstInvalidSeq, { checkpoint: checkpoint ?? null, signed, validWithout: true });
}
