import { EXIT_OK, UsageError } from '../cli/cli-error.js';
import { emit, say, type Io } from '../cli/io.js';
import type { CliOptions } from '../cli/options.js';
import type { Session } from '../cli/session.js';
import { json, keyValues } from '../output/table.js';
import type { Command } from './command.js';

export const supportTicketCommand: Command = {
  path: ['support', 'ticket'],
  usage: 'support ticket --category CATEGORY --description TEXT [-o json]',
  summary: 'open a support ticket (sent to the vendor only when support is enabled)',
  async run(session: Session, options: CliOptions, io: Io): Promise<number> {
    const category = options.category?.trim();
    const description = options.description?.trim();
    if (!category || !description) throw new UsageError('support ticket needs --category and --description');
    const api = await session.gateway({ credential: true });
    const ticket = await api.createTicket(category, description);
    say(io, `support ticket ${ticket.ticketId} created (${ticket.status})`);
    await emit(
      io,
      options.output === 'json'
        ? json(ticket)
        : keyValues([
            ['ticket', String(ticket.ticketId)],
            ['category', String(ticket.category)],
            ['status', String(ticket.status)],
            ['created', String(ticket.createdAt)],
          ]),
    );
    return EXIT_OK;
  },
};
