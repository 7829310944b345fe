import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

/** The predefined support categories; the vendor receives one of these texts as `support_category`. */
export const SUPPORT_CATEGORIES = [
  'installation',
  'upgrade',
  'connectors',
  'executions',
  'performance',
  'security',
  'billing',
  'other',
] as const;

export type SupportCategory = (typeof SUPPORT_CATEGORIES)[number];

/** Longest accepted ticket description, in characters (Unicode code points). */
export const SUPPORT_DESCRIPTION_MAX_LENGTH = 5000;

/**
 * Where a ticket stands: `disabled` kept locally because support is off (never sent), `pending`
 * waiting for (another) delivery attempt, `sent` accepted by the vendor, `failed` given up.
 */
export type SupportTicketStatus = 'disabled' | 'pending' | 'sent' | 'failed';

/** `prst.support.category.list.v1` → the categories and whether tickets are delivered. */
export interface SupportCategoriesReply {
  categories: SupportCategory[];
  /** False when support is off: tickets are then kept locally with status `disabled`. */
  supportEnabled: boolean;
}

/** `prst.support.ticket.create.v1` (HTTP `POST /api/v1/support/tickets`). */
export class CreateSupportTicketRequest {
  @IsIn(SUPPORT_CATEGORIES, { message: `category must be one of: ${SUPPORT_CATEGORIES.join(', ')}` })
  category: SupportCategory;

  @IsString()
  @MinLength(1)
  @MaxLength(SUPPORT_DESCRIPTION_MAX_LENGTH)
  description: string;
}

export interface CreateSupportTicketReply {
  ticketId: string;
  category: SupportCategory;
  status: SupportTicketStatus;
  createdAt: string;
}

/** `prst.support.ticket.get.v1` (HTTP `GET /api/v1/support/tickets/:id`). */
export class GetSupportTicketRequest {
  @IsUUID()
  ticketId: string;
}

/** Query strings arrive as text; digits become a number, anything else stays for the validator to refuse. */
function toInteger({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
}

/** `prst.support.ticket.list.v1` (HTTP `GET /api/v1/support/tickets`), newest first. */
export class ListSupportTicketsRequest {
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  offset?: number;
}

/** A ticket as users see it, with its delivery state. */
export interface SupportTicketView {
  ticketId: string;
  category: SupportCategory;
  description: string;
  status: SupportTicketStatus;
  /** Delivery attempts made so far (0 for `disabled`). */
  attempts: number;
  /** Why the last attempt did not succeed, or why the ticket failed; null otherwise. */
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  /** When the next attempt is due while `pending`; null otherwise. */
  nextAttemptAt: string | null;
}

export interface ListSupportTicketsReply {
  items: SupportTicketView[];
  total: number;
  limit: number;
  offset: number;
}
