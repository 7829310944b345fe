import { loadEnv, type EnvSchema, type EnvValues } from '@prst/config';
import type { AppName } from '@prst/contracts';
import { JsonLogger, registerSecret, type LogLevel } from '@prst/telemetry';

/**
 * Validates a service's environment (throwing ConfigError listing every problem), registers every
 * sensitive value with the redactor so it can never be logged, and creates the service's logger.
 */
export function bootstrapEnv<S extends EnvSchema>(
  app: AppName,
  schema: S,
  source: Record<string, string | undefined> = process.env,
): { env: EnvValues<S>; logger: JsonLogger } {
  const env = loadEnv(app, schema, source);
  for (const [name, variable] of Object.entries(schema)) {
    const value = env[name as keyof S];
    if (variable.sensitive && typeof value === 'string') registerSecret(value);
  }
  const level = ((env as Record<string, unknown>).LOG_LEVEL as LogLevel | undefined) ?? 'info';
  return { env, logger: new JsonLogger(app, level) };
}
