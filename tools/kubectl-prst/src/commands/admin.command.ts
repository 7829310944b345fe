import { CliError, EXIT_OK, UsageError } from '../cli/cli-error.js';
import { emit, say, type Io } from '../cli/io.js';
import type { CliOptions } from '../cli/options.js';
import type { Session } from '../cli/session.js';
import { json } from '../output/table.js';
import type { Command } from './command.js';

export const resetPasswordCommand: Command = {
  path: ['admin', 'reset-password'],
  usage: 'admin reset-password --email EMAIL [-o json]',
  summary: "set a one-time password for a user (printed once; it must be changed at next login)",
  async run(session: Session, options: CliOptions, io: Io): Promise<number> {
    const email = options.email?.trim();
    if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError('admin reset-password needs --email <address of the user>');
    const api = await session.gateway({ credential: true });
    const answer = await api.resetPassword(email);
    if (typeof answer?.oneTimePassword !== 'string' || !answer.oneTimePassword) {
      throw new CliError('the gateway accepted the reset but returned no one-time password');
    }
    // The one secret this plugin prints: it was created for this operator, and is shown only here.
    say(io, `one-time password for ${email} (shown once; it must be changed at the next login):`);
    await emit(io, options.output === 'json' ? json({ email, oneTimePassword: answer.oneTimePassword }) : `${answer.oneTimePassword}\n`);
    return EXIT_OK;
  },
};
