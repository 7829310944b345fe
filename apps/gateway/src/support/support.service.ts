import { Injectable } from '@nestjs/common';
import {
  Subjects,
  type CallerContext,
  type CreateSupportTicketReply,
  type CreateSupportTicketRequest,
  type ListSupportTicketsReply,
  type ListSupportTicketsRequest,
  type SupportCategoriesReply,
  type SupportTicketView,
} from '@prst/contracts';
import { RpcClient } from '@prst/messaging';

/** Forwards support requests to the support-notifier service. */
@Injectable()
export class SupportService {
  constructor(private readonly rpc: RpcClient) {}

  categories(context: CallerContext): Promise<SupportCategoriesReply> {
    return this.rpc.request(Subjects.support.categoryList, {}, context);
  }

  createTicket(request: CreateSupportTicketRequest, context: CallerContext): Promise<CreateSupportTicketReply> {
    return this.rpc.request(Subjects.support.ticketCreate, request, context);
  }

  listTickets(request: ListSupportTicketsRequest, context: CallerContext): Promise<ListSupportTicketsReply> {
    return this.rpc.request(Subjects.support.ticketList, request, context);
  }

  getTicket(ticketId: string, context: CallerContext): Promise<SupportTicketView> {
    return this.rpc.request(Subjects.support.ticketGet, { ticketId }, context);
  }
}
