import { Body, Controller, Get, HttpCode, Param, Post, Query, UsePipes } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
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
@ApiTags('support')
@Controller('api/v1/support')
@UsePipes(createValidationPipe())
export class SupportController {
  constructor(private readonly support: SupportService) {}

  /** The predefined categories, and whether tickets are delivered to the vendor. */
  @Get('categories')
  @RequirePermission('support.read')
  @ApiOperation({
    summary: 'List the support categories',
    description: 'Answers {categories, supportEnabled}; with supportEnabled false, tickets stay local with status "disabled".',
  })
  categories(@RequestContext() context: CallerContext): Promise<SupportCategoriesReply> {
    return this.support.categories(context);
  }

  @Post('tickets')
  @HttpCode(201)
  @RequirePermission('support.write')
  @ApiOperation({
    summary: 'Open a support ticket',
    description:
      'Body {category, description}: category from GET /api/v1/support/categories, description ≤ 5,000 characters ' +
      '(control characters are removed). Answers 201 {ticketId, category, status, createdAt}. When support is enabled ' +
      'the vendor receives exactly organization, license_key, email (ROOT_EMAIL), support_category, description and ' +
      'ticket_id; otherwise nothing is sent and the status is "disabled".',
  })
  create(@Body() body: CreateSupportTicketRequest, @RequestContext() context: CallerContext): Promise<CreateSupportTicketReply> {
    return this.support.createTicket(body, context);
  }

  @Get('tickets')
  @RequirePermission('support.read')
  @ApiOperation({ summary: 'List support tickets, newest first', description: 'Query: limit (1–200, default 50), offset.' })
  list(@Query() query: ListSupportTicketsRequest, @RequestContext() context: CallerContext): Promise<ListSupportTicketsReply> {
    return this.support.listTickets(query, context);
  }

  @Get('tickets/:id')
  @RequirePermission('support.read')
  @ApiOperation({
    summary: 'One support ticket with its delivery state',
    description: 'status is disabled, pending, sent or failed; attempts, lastError, nextAttemptAt and sentAt describe the delivery.',
  })
  get(@Param('id') id: string, @RequestContext() context: CallerContext): Promise<SupportTicketView> {
    return this.support.getTicket(id, context);
  }
}
