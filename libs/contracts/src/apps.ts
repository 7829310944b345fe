/** The six services of the suite; each is one process, one NATS user and one queue group. */
export const APP_NAMES = [
  'gateway',
  'prompt-executor',
  'credential-vault',
  'feedback',
  'audit-log',
  'support-notifier',
] as const;

export type AppName = (typeof APP_NAMES)[number];

/** The services that own a PostgreSQL schema, and its name. */
export const APP_SCHEMAS: Record<AppName, string> = {
  gateway: 'identity',
  'prompt-executor': 'prompts',
  'credential-vault': 'vault',
  feedback: 'feedback',
  'audit-log': 'audit',
  'support-notifier': 'support',
};

/** Every service gets its own reply-inbox prefix so it cannot read another service's replies. */
export function inboxPrefixOf(app: AppName): string {
  return `_INBOX_${app.replace(/-/g, '_').toUpperCase()}`;
}
