import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SupportCategory, SupportTicketStatus, SupportTicketView } from '@prst/contracts';

export interface NewTicket {
  id: string;
  category: SupportCategory;
  description: string;
  createdByType?: string;
  createdById?: string;
}

interface TicketRow {
  id: string;
  category: SupportCategory;
  description: string;
  created_at: Date;
  state: 'pending' | 'sent' | 'failed' | null;
  attempts: number | null;
  last_error: string | null;
  sent_at: Date | null;
  next_attempt_at: Date | null;
  updated_at: Date | null;
}

const SELECT_VIEW = `
  SELECT t.id, t.category, t.description, t.created_at,
         j.state, j.attempts, j.last_error, j.sent_at, j.next_attempt_at, j.updated_at
    FROM "support"."tickets" t
    LEFT JOIN "support"."delivery_jobs" j ON j.ticket_id = t.id`;

function toView(row: TicketRow): SupportTicketView {
  const status: SupportTicketStatus = row.state ?? 'disabled';
  return {
    ticketId: row.id,
    category: row.category,
    description: row.description,
    status,
    attempts: row.attempts ?? 0,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at ?? row.created_at).toISOString(),
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
    nextAttemptAt: status === 'pending' && row.next_attempt_at ? new Date(row.next_attempt_at).toISOString() : null,
  };
}

/** Tickets and, for tickets that are to be sent, their outbox job. */
@Injectable()
export class TicketsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes the ticket and (when `deliver`) its delivery job in one transaction. `beforeCommit` runs
   * inside it (the audit event), so when it throws nothing is written.
   */
  async create(ticket: NewTicket, deliver: boolean, beforeCommit: (view: SupportTicketView) => Promise<void>): Promise<SupportTicketView> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO "support"."tickets" ("id", "category", "description", "created_by_type", "created_by_id")
         VALUES ($1, $2, $3, $4, $5)`,
        [ticket.id, ticket.category, ticket.description, ticket.createdByType ?? null, ticket.createdById ?? null],
      );
      if (deliver) {
        await manager.query(
          `INSERT INTO "support"."delivery_jobs" ("ticket_id", "state", "next_attempt_at") VALUES ($1, 'pending', now())`,
          [ticket.id],
        );
      }
      const rows: TicketRow[] = await manager.query(`${SELECT_VIEW} WHERE t.id = $1`, [ticket.id]);
      const view = toView(rows[0]);
      await beforeCommit(view);
      return view;
    });
  }

  async findById(id: string): Promise<SupportTicketView | undefined> {
    const rows: TicketRow[] = await this.dataSource.query(`${SELECT_VIEW} WHERE t.id = $1`, [id]);
    return rows[0] ? toView(rows[0]) : undefined;
  }

  /** Newest first. */
  async list(limit: number, offset: number): Promise<{ items: SupportTicketView[]; total: number }> {
    const rows: TicketRow[] = await this.dataSource.query(`${SELECT_VIEW} ORDER BY t.created_at DESC, t.id LIMIT $1 OFFSET $2`, [
      limit,
      offset,
    ]);
    const count: Array<{ total: string }> = await this.dataSource.query('SELECT count(*) AS total FROM "support"."tickets"');
    return { items: rows.map(toView), total: Number(count[0].total) };
  }
}
