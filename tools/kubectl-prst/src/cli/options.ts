import { parseArgs } from 'node:util';
import { UsageError } from './cli-error.js';

/** Everything the command line can say; each command reads the options it needs. */
export interface CliOptions {
  command: string[];
  namespace?: string;
  release: string;
  context?: string;
  kubeconfig?: string;
  server?: string;
  apiKey?: string;
  apiKeySecret?: string;
  apiKeySecretKey: string;
  output: 'table' | 'json';
  email?: string;
  category?: string;
  description?: string;
  intervalMs: number;
  timeoutMs: number;
  help: boolean;
  version: boolean;
}

export const DEFAULT_RELEASE = 'prst';
export const DEFAULT_SECRET_KEY = 'apiKey';
/** The Secret holding the admin API credential when --api-key-secret is not given. */
export const defaultSecretName = (release: string) => `${release}-kubectl-prst`;

const SPEC = {
  namespace: { type: 'string', short: 'n' },
  release: { type: 'string' },
  context: { type: 'string' },
  kubeconfig: { type: 'string' },
  server: { type: 'string' },
  'api-key': { type: 'string' },
  'api-key-secret': { type: 'string' },
  'api-key-secret-key': { type: 'string' },
  output: { type: 'string', short: 'o' },
  email: { type: 'string' },
  category: { type: 'string' },
  description: { type: 'string' },
  interval: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** Parses a duration such as `500ms`, `2s`, `5m` or a plain number of seconds. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!match) throw new UsageError(`--${flag} must be a duration such as 2s, 500ms or 5m (got "${value}")`);
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  return Math.round(unit === 'ms' ? amount : unit === 'm' ? amount * 60000 : amount * 1000);
}

/** Parses argv (without node and the script) the way kubectl plugins receive it. */
export function parseOptions(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: SPEC, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const output = values.output ?? 'table';
  if (output !== 'table' && output !== 'json') throw new UsageError(`-o must be "json" or "table" (got "${output}")`);
  const release = values.release ?? DEFAULT_RELEASE;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(release)) throw new UsageError(`--release "${release}" is not a valid release name`);
  if (values.server !== undefined && !/^https?:\/\/[^\s]+$/.test(values.server)) {
    throw new UsageError(`--server must be an http:// or https:// URL (got "${values.server}")`);
  }
  return {
    command: positionals,
    namespace: values.namespace,
    release,
    context: values.context,
    kubeconfig: values.kubeconfig,
    server: values.server?.replace(/\/+$/, ''),
    apiKey: values['api-key'],
    apiKeySecret: values['api-key-secret'],
    apiKeySecretKey: values['api-key-secret-key'] ?? DEFAULT_SECRET_KEY,
    output,
    email: values.email,
    category: values.category,
    description: values.description,
    intervalMs: values.interval ? parseDuration(values.interval, 'interval') : 1000,
    timeoutMs: values.timeout ? parseDuration(values.timeout, 'timeout') : 30 * 60000,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
