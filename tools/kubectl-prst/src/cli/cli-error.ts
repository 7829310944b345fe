/** Exit codes of the plugin: 0 done, 1 failed or unhealthy, 2 the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * An error the operator can act on: its message is printed as is (one line, no stack), with an
 * optional hint on how to fix it. Everything the plugin throws on purpose is a CliError; anything
 * else is a bug and is printed with its message only.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = EXIT_FAILED,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 'run `kubectl prst --help` for usage', EXIT_USAGE);
  }
}
