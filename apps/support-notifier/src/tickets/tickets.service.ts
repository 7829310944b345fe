import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  PrstError,
  SUPPORT_CATEGORIES,
  SUPPORT_DESCRIPTION_MAX_LENGTH,
  type CallerContext,
  type CreateSupportTicketReply,
  type CreateSupportTicketRequest,
  type ListSupportTicketsReply,
  type ListSupportTicketsRequest,
  type SupportCategoriesReply,
  type SupportTicketView,
} from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { SUPPORT_SETTINGS, type SupportSettings } from '../config/support-settings.js';
import { DELIVERY_TRIGGER, type DeliveryTrigger } from '../delivery/delivery-trigger.js';
import { isDescriptionTooLong, sanitizeDescription } from './description.js';
import { TicketsRepository } from './tickets.repository.js';

const DEFAULT_PAGE = 50;

@Injectable()
export class TicketsService {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly audit: AuditPublisher,
    @Inject(SUPPORT_SETTINGS) private readonly settings: SupportSettings,
    @Inject(DELIVERY_TRIGGER) private readonly delivery: DeliveryTrigger,
  ) {}

  categories(): SupportCategoriesReply {
    return { categories: [...SUPPORT_CATEGORIES], supportEnabled: this.settings.identity !== undefined };
  }

  /**
   * Keeps the ticket, and when support is on queues it for delivery in the same transaction. The
   * audit event is stored before the commit: if the audit trail is down, no ticket is created.
   */
  async create(request: CreateSupportTicketRequest, context: CallerContext): Promise<CreateSupportTicketReply> {
    const description = sanitizeDescription(request.description);
    if (!description) {
      throw new PrstError('VALIDATION_FAILED', 'The request is invalid: description must contain readable text.', [
        'description must contain readable text',
      ]);
    }
    if (isDescriptionTooLong(description)) {
      const problem = `description must be at most ${SUPPORT_DESCRIPTION_MAX_LENGTH} characters`;
      throw new PrstError('VALIDATION_FAILED', `The request is invalid: ${problem}.`, [problem]);
    }
    const deliver = this.settings.identity !== undefined;
    const view = await this.tickets.create(
      {
        id: randomUUID(),
        category: request.category,
        description,
        createdByType: context.principalType,
        createdById: context.principalId,
      },
      deliver,
      async (created) => {
        await this.audit.publish(
          {
            action: 'support.ticket.created',
            outcome: 'success',
            resource: { type: 'support_ticket', id: created.ticketId },
            details: { category: created.category, status: created.status, descriptionLength: [...description].length },
          },
          context,
        );
      },
    );
    if (deliver) this.delivery.nudge();
    return { ticketId: view.ticketId, category: view.category, status: view.status, createdAt: view.createdAt };
  }

  async get(ticketId: string): Promise<SupportTicketView> {
    const view = await this.tickets.findById(ticketId);
    if (!view) throw new PrstError('SUPPORT_TICKET_NOT_FOUND', `There is no support ticket ${ticketId}.`);
    return view;
  }

  async list(request: ListSupportTicketsRequest): Promise<ListSupportTicketsReply> {
    const limit = request.limit ?? DEFAULT_PAGE;
    const offset = request.offset ?? 0;
    const page = await this.tickets.list(limit, offset);
    return { ...page, limit, offset };
  }
}
