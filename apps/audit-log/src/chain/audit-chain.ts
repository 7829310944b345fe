import { createHash } from 'node:crypto';
import type { AuditRecord } from '@prst/contracts';
import { CanonicalText, canonicalJson } from './canonical-json.js';

/** `prevHash` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every field of a record except its links: what the record's hash covers (with prevHash). */
export type ChainedContent = Omit<AuditRecord, 'prevHash' | 'hash' | 'details'> & {
  /** The details as an object, or as their canonical JSON text (as stored). */
  details: Record<string, unknown> | CanonicalText;
};

/** The canonical JSON of a record's content; `seq` is part of it, so moving a record breaks its hash. */
export function contentOf(record: ChainedContent): string {
  return canonicalJson({
    seq: record.seq,
    eventId: record.eventId,
    occurredAt: record.occurredAt,
    recordedAt: record.recordedAt,
    service: record.service,
    requestId: record.requestId,
    action: record.action,
    outcome: record.outcome,
    principal: { type: record.principal.type, id: record.principal.id },
    resource: record.resource ? { type: record.resource.type, id: record.resource.id } : null,
    details: record.details,
  });
}

/** hash = SHA-256(prevHash ‖ canonical JSON of the record), both as UTF-8 text, hex-encoded. */
export function chainHash(prevHash: string, content: string): string {
  return createHash('sha256').update(prevHash, 'utf8').update(content, 'utf8').digest('hex');
}

export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
  /** canonical JSON from contentOf(). */
  content: string;
}

export interface ChainReport {
  entries: number;
  headSeq: number;
  headHash: string | null;
  firstInvalidSeq: number | null;
  /** Hashes by sequence the caller asked to keep (for checkpoint comparison). */
  kept: Map<number, string>;
}

/**
 * Checks a chain record by record in sequence order, in constant memory: sequences are gapless from 1,
 * every record links to its predecessor's hash, and every hash is what the content gives. Remembers
 * the first sequence that is wrong: the missing one for a gap, the record itself for a broken link.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private previousHash = GENESIS_HASH;
  private report: ChainReport = { entries: 0, headSeq: 0, headHash: null, firstInvalidSeq: null, kept: new Map() };

  /** `keep`: sequences whose stored hash the caller wants back (checkpoints). */
  constructor(private readonly keep: ReadonlySet<number> = new Set()) {}

  add(link: ChainLink): void {
    const report = this.report;
    report.entries += 1;
    if (report.firstInvalidSeq === null) {
      if (link.seq !== this.expectedSeq) report.firstInvalidSeq = Math.min(link.seq, this.expectedSeq);
      else if (link.prevHash !== this.previousHash) report.firstInvalidSeq = link.seq;
      else if (chainHash(link.prevHash, link.content) !== link.hash) report.firstInvalidSeq = link.seq;
    }
    if (this.keep.has(link.seq)) report.kept.set(link.seq, link.hash);
    this.expectedSeq = link.seq + 1;
    this.previousHash = link.hash;
    report.headSeq = link.seq;
    report.headHash = link.hash;
  }

  result(): ChainReport {
    return { ...this.report, kept: new Map(this.report.kept) };
  }
}
