import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateSupportTicketRequest,
  GetSupportTicketRequest,
  ListSupportTicketsRequest,
  Subjects,
  type CallerContext,
  type CreateSupportTicketReply,
  type ListSupportTicketsReply,
  type SupportCategoriesReply,
  type SupportTicketView,
} from '@prst/contracts';
import { Caller } from '@prst/messaging';
import { TicketsService } from './tickets.service.js';

@Controller()
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @MessagePattern(Subjects.support.categoryList)
  categories(): SupportCategoriesReply {
    return this.tickets.categories();
  }

  @MessagePattern(Subjects.support.ticketCreate)
  create(@Payload() request: CreateSupportTicketRequest, @Caller() context: CallerContext): Promise<CreateSupportTicketReply> {
    return this.tickets.create(request, context);
  }

  @MessagePattern(Subjects.support.ticketGet)
  get(@Payload() request: GetSupportTicketRequest): Promise<SupportTicketView> {
    return this.tickets.get(request.ticketId);
  }

  @MessagePattern(Subjects.support.ticketList)
  list(@Payload() request: ListSupportTicketsRequest): Promise<ListSupportTicketsReply> {
    return this.tickets.list(request);
  }
}
