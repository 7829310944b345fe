import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { AuditOutcome } from './audit-event.js';

/** Query-string numbers arrive as text; digits become a number, anything else fails validation. */
const NumberFromText = () =>
  Transform(({ value }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value));

/**
 * One stored audit record: the event as the audit-log received it (details redacted), its place in
 * the chain (`seq`, gapless from 1) and its links: `hash = SHA-256(prevHash ‖ canonical JSON of every
 * other field)`; the first record's `prevHash` is 64 zeros.
 */
export interface AuditRecord {
  seq: number;
  eventId: string;
  occurredAt: string;
  recordedAt: string;
  service: string;
  requestId: string;
  action: string;
  outcome: AuditOutcome;
  principal: { type: string; id: string | null };
  resource: { type: string; id: string | null } | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** `prst.audit.record.list.v1`: newest first, filtered, paged with an opaque cursor. */
export class ListAuditRecordsRequest {
  @IsOptional() @IsIn(['user', 'api_credential', 'system', 'anonymous'])
  principalType?: string;

  @IsOptional() @IsString() @MaxLength(200)
  principalId?: string;

  /** Exact action, or a prefix ending in `.*` (for example `credential.*`). */
  @IsOptional() @IsString() @MaxLength(200) @Matches(/^[A-Za-z0-9_.:-]+(\.\*)?$/)
  action?: string;

  @IsOptional() @IsString() @MaxLength(100)
  resourceType?: string;

  @IsOptional() @IsString() @MaxLength(200)
  resourceId?: string;

  @IsOptional() @IsIn(['success', 'failure', 'denied'])
  outcome?: AuditOutcome;

  /** Occurred at or after (ISO 8601). */
  @IsOptional() @IsISO8601()
  from?: string;

  /** Occurred before (ISO 8601). */
  @IsOptional() @IsISO8601()
  to?: string;

  @IsOptional() @IsString() @MaxLength(100)
  cursor?: string;

  @IsOptional() @NumberFromText() @IsInt() @Min(1) @Max(500)
  limit?: number;
}

export interface AuditRecordPage {
  items: AuditRecord[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** `prst.audit.record.export.v1`: one page of the chain in sequence order, after `afterSeq`. */
export class ExportAuditRecordsRequest {
  @NumberFromText() @IsInt() @Min(0)
  afterSeq: number;

  @IsOptional() @NumberFromText() @IsInt() @Min(1) @Max(5000)
  limit?: number;
}

export interface AuditExportPage {
  records: AuditRecord[];
  /** True when no record follows the last one returned. */
  done: boolean;
}

/** `prst.audit.chain.verify.v1` answer. */
export interface AuditVerifyReply {
  /** The chain links up and matches the latest signed checkpoint. */
  valid: boolean;
  entries: number;
  headSeq: number;
  headHash: string | null;
  /** The first sequence whose record is missing, altered, out of place or forged; null when none. */
  firstInvalidSeq: number | null;
  /** The latest signed checkpoint (null seq when none was written yet) and whether the chain matches it. */
  checkpoint: { seq: number | null; valid: boolean };
}
