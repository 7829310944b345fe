import { readFileSync } from 'node:fs';
import { resetPasswordCommand } from '../commands/admin.command.js';
import { auditExportCommand, auditVerifyCommand } from '../commands/audit.command.js';
import type { Command } from '../commands/command.js';
import { encryptionRotateCommand, encryptionStatusCommand } from '../commands/encryption.command.js';
import { statusCommand } from '../commands/status.command.js';
import { supportTicketCommand } from '../commands/support.command.js';
import { CliError, EXIT_FAILED, EXIT_OK, UsageError } from './cli-error.js';
import { emit, say, type Io } from './io.js';
import { parseOptions } from './options.js';
import { API_KEY_ENV, Session } from './session.js';

export const COMMANDS: Command[] = [
  statusCommand,
  auditVerifyCommand,
  auditExportCommand,
  encryptionStatusCommand,
  encryptionRotateCommand,
  resetPasswordCommand,
  supportTicketCommand,
];

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

export function usage(): string {
  return [
    'kubectl prst — day-2 operations for a Prst self-hosted release',
    '',
    'Commands:',
    ...COMMANDS.flatMap((command) => [`  kubectl prst ${command.usage}`, `      ${command.summary}`]),
    '',
    'Where (like kubectl: the current kubeconfig context, or the in-cluster service account):',
    '  -n, --namespace NS        namespace of the release (default: the context\'s namespace)',
    '  --release NAME            Helm release name (default: prst)',
    '  --context NAME            kubeconfig context;  --kubeconfig FILE   kubeconfig file',
    '  --server URL              talk to a gateway directly, without Kubernetes',
    '',
    'Credential (an admin API credential; never printed):',
    `  ${API_KEY_ENV}=<key> or --api-key KEY, else the Secret --api-key-secret NAME`,
    '  (default <release>-kubectl-prst) key --api-key-secret-key KEY (default apiKey)',
    '',
    'Output: data on stdout, progress on stderr; -o json for scripts. Exit 0 ok, 1 failed or unhealthy, 2 usage.',
    '',
  ].join('\n');
}

/** Runs one invocation and returns its exit code; never throws. */
export async function run(argv: string[], io: Io): Promise<number> {
  let session: Session | undefined;
  try {
    const options = parseOptions(argv);
    if (options.version) {
      await emit(io, `${version()}\n`);
      return EXIT_OK;
    }
    if (options.help || options.command.length === 0) {
      await emit(io, usage());
      return options.help ? EXIT_OK : 2;
    }
    const command = COMMANDS.find(
      (candidate) => candidate.path.length === options.command.length && candidate.path.every((word, i) => word === options.command[i]),
    );
    if (!command) throw new UsageError(`unknown command "${options.command.join(' ')}"`);
    session = await Session.open(options, io);
    return await command.run(session, options, io);
  } catch (error) {
    if (error instanceof CliError) {
      say(io, `error: ${error.message}`);
      if (error.hint) say(io, `hint: ${error.hint}`);
      return error.exitCode;
    }
    say(io, `error: ${(error as Error)?.message ?? String(error)}`);
    return EXIT_FAILED;
  } finally {
    await session?.close().catch(() => undefined);
  }
}
