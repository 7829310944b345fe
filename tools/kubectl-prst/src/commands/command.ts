import type { Io } from '../cli/io.js';
import type { CliOptions } from '../cli/options.js';
import type { Session } from '../cli/session.js';

/** One `kubectl prst …` command; returns the exit code. */
export interface Command {
  /** The words that select it, e.g. ['audit', 'verify']. */
  path: string[];
  usage: string;
  summary: string;
  run(session: Session, options: CliOptions, io: Io): Promise<number>;
}
