import { Body, Controller, Get, HttpCode, Param, Post, Query, UsePipes } from '@nestjs/common';
import {
  CreateSupportTicketRequest,
  ListSupportTicketsRequest,
  type CallerContext,
  type CreateSupportTicketReply,
  type ListSupportTicketsReply,
  type SupportCategoriesReply,
  type SupportTicketView,
} from '@prst/contracts';
import { createValidationPipe } from '@prst/messaging';
import { RequirePermission } from '../auth/permission.decorator.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { SupportService } from './support.service.js';

/** Support tickets: kept locally, and sent to the vendor only when support is enabled. */
@Controller('api/v1/support')
@UsePipes(createValidationPipe())
export class SupportController {
  constructor(private readonly support: SupportService) {}

  /** The predefined categories, and whether tickets are delivered to the vendor. */
  @Get('categories')
  @RequirePermission('support.read')
  categories(@RequestContext() context: CallerContext): Promise<SupportCategoriesReply> {
    return this.support.categories(context);
  }

  @Post('tickets')
  @HttpCode(201)
  @RequirePermission('support.write')
  create(@Body() body: CreateSupportTicketRequest, @RequestContext() context: CallerContext): Promise<CreateSupportTicketReply> {
    return this.support.createTicket(body, context);
  }

  @Get('tickets')
  @RequirePermission('support.read')
  list(@Query() query: ListSupportTicketsRequest, @RequestContext() context: CallerContext): Promise<ListSupportTicketsReply> {
    return this.support.listTickets(query, context);
  }

  @Get('tickets/:id')
  @RequirePermission('support.read')
  get(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<SupportTicketView> {
    return this.support.getTicket(id, context);
  }
}
