import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditOutcome, AuditRecord } from '@prst/contracts';
import type { NormalizedEvent } from '../ingest/event-normalizer.js';
import { CanonicalText } from './canonical-json.js';
import { GENESIS_HASH, chainHash, contentOf, type ChainLink } from './audit-chain.js';

/** Every replica takes this transaction-scoped advisory lock before it reads the head and appends. */
const CHAIN_LOCK = 0x5052_5354_4155_44n; // "PRSTAUD"

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface AppendResult {
  stored: number;
  duplicates: number;
  head: ChainHead | null;
}

/** A row of audit.audit_records as node-postgres returns it. */
export interface AuditRow {
  seq: string;
  event_id: string;
  occurred_at: Date;
  recorded_at: Date;
  service: string;
  request_id: string;
  action: string;
  outcome: string;
  principal_type: string;
  principal_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export const AUDIT_COLUMNS =
  'seq, event_id, occurred_at, recorded_at, service, request_id, action, outcome, principal_type, principal_id, resource_type, resource_id, details, prev_hash, hash';

function fieldsOf(row: AuditRow) {
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    service: row.service,
    requestId: row.request_id,
    action: row.action,
    outcome: row.outcome as AuditOutcome,
    principal: { type: row.principal_type, id: row.principal_id },
    resource: row.resource_type === null ? null : { type: row.resource_type, id: row.resource_id },
  };
}

/** The link as stored: content re-derived from the columns, details exactly as their stored text. */
export function linkOf(row: AuditRow): ChainLink {
  return {
    seq: Number(row.seq),
    prevHash: row.prev_hash,
    hash: row.hash,
    content: contentOf({ ...fieldsOf(row), details: new CanonicalText(row.details) }),
  };
}

export function recordOf(row: AuditRow): AuditRecord {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(row.details) as Record<string, unknown>;
  } catch {
    details = { unreadable: row.details };
  }
  return { ...fieldsOf(row), details, prevHash: row.prev_hash, hash: row.hash };
}

/** The audit chain in PostgreSQL: serialized appends and ordered reads. */
@Injectable()
export class ChainRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends the events that are not stored yet, in order, in one transaction under the chain lock:
   * the head is read, each record links to the one before, and all rows go in with one INSERT.
   * Event ids already in the chain (redeliveries, retried publishes) are skipped, so each event is
   * stored once.
   */
  async append(events: NormalizedEvent[], recordedAt = new Date()): Promise<AppendResult> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK.toString()]);
      const head = await this.headWith(manager);
      const ids = [...new Set(events.map((event) => event.eventId))];
      const known = new Set(
        ids.length
          ? ((await manager.query('SELECT event_id FROM audit.audit_records WHERE event_id = ANY($1::text[])', [ids])) as { event_id: string }[]).map(
              (row) => row.event_id,
            )
          : [],
      );
      const fresh: NormalizedEvent[] = [];
      for (const event of events) {
        if (known.has(event.eventId)) continue;
        known.add(event.eventId);
        fresh.push(event);
      }
      if (!fresh.length) return { stored: 0, duplicates: events.length, head };

      let seq = head?.seq ?? 0;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const at = recordedAt.toISOString();
      const columns: unknown[][] = Array.from({ length: 15 }, () => []);
      for (const event of fresh) {
        seq += 1;
        const content = contentOf({ ...event, seq, recordedAt: at, details: new CanonicalText(event.detailsJson) });
        const hash = chainHash(prevHash, content);
        const values = [
          seq, event.eventId, event.occurredAt, at, event.service, event.requestId, event.action, event.outcome,
          event.principal.type, event.principal.id, event.resource?.type ?? null, event.resource?.id ?? null,
          event.detailsJson, prevHash, hash,
        ];
        values.forEach((value, index) => columns[index].push(value));
        prevHash = hash;
      }
      // ON CONFLICT guards the unique event id; under the lock nothing can conflict, and if something
      // did, a skipped row would leave a gap, so the transaction is rolled back instead.
      const inserted = (await manager.query(
        `INSERT INTO audit.audit_records (${AUDIT_COLUMNS})
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[],
                              $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                              $14::char(64)[], $15::char(64)[])
         ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
        columns,
      )) as unknown[];
      if (inserted.length !== fresh.length) throw new Error('audit chain append conflicted; retrying');
      return { stored: fresh.length, duplicates: events.length - fresh.length, head: { seq, hash: prevHash } };
    });
  }

  async head(): Promise<ChainHead | null> {
    return this.headWith(this.dataSource.manager);
  }

  private async headWith(manager: EntityManager): Promise<ChainHead | null> {
    const rows = (await manager.query('SELECT seq, hash FROM audit.audit_records ORDER BY seq DESC LIMIT 1')) as { seq: string; hash: string }[];
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
  }

  /** The stored hash of record `seq`, or null when there is no such record. */
  async hashAt(seq: number): Promise<string | null> {
    const rows = (await this.dataSource.query('SELECT hash FROM audit.audit_records WHERE seq = $1', [seq])) as { hash: string }[];
    return rows[0]?.hash ?? null;
  }

  async eventStored(eventId: string): Promise<boolean> {
    const rows = (await this.dataSource.query('SELECT 1 FROM audit.audit_records WHERE event_id = $1', [eventId])) as unknown[];
    return rows.length > 0;
  }

  /** Up to `limit` rows after `afterSeq`, in sequence order. */
  async rowsAfter(afterSeq: number, limit: number): Promise<AuditRow[]> {
    return (await this.dataSource.query(
      `SELECT ${AUDIT_COLUMNS} FROM audit.audit_records WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    )) as AuditRow[];
  }

  /** Every row in sequence order, page by page, in constant memory. */
  async *allRows(pageSize = 5000): AsyncGenerator<AuditRow[]> {
    let after = 0;
    for (;;) {
      const rows = await this.rowsAfter(after, pageSize);
      if (rows.length) yield rows;
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }

  async reachable(): Promise<boolean> {
    return this.dataSource.query('SELECT 1').then(() => true, () => false);
  }
}
