import type { EnvVar } from './env-var.js';

export type EnvSchema = Record<string, EnvVar<unknown>>;
export type EnvValues<S extends EnvSchema> = { readonly [K in keyof S]: ReturnType<S[K]['parse']> };

/** Raised when one or more variables are missing or invalid; the message lists every problem. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates every declared variable at once. */
export function loadEnv<S extends EnvSchema>(
  service: string,
  schema: S,
  source: Record<string, string | undefined> = process.env,
): EnvValues<S> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, variable] of Object.entries(schema)) {
    try {
      values[name] = variable.parse(source[name]);
    } catch (error) {
      problems.push(`${name} ${(error as Error).message} (${variable.description})`);
    }
  }
  if (problems.length) throw new ConfigError(service, problems);
  return values as EnvValues<S>;
}

/** The configuration as printable lines, with every sensitive value masked. */
export function describeEnv<S extends EnvSchema>(schema: S, values: EnvValues<S>): string[] {
  return Object.entries(schema).map(([name, variable]) => {
    const value = values[name as keyof S];
    const shown = value === undefined ? '(unset)' : variable.sensitive ? '********' : String(value);
    return `${name}=${shown}`;
  });
}
