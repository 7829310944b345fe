import { commonEnv, databaseEnv, envVar, type EnvValues } from '@prst/config';

/** The vendor's support endpoint used when SUPPORT_API_URL is not set. */
export const DEFAULT_SUPPORT_API_URL = 'https://support.prst.ai/api/v1/tickets';

export const supportNotifierEnvSchema = {
  ...commonEnv,
  ...databaseEnv,
  SUPPORT_ENABLED: envVar.bool({
    description: 'send support tickets to the vendor (needs ORGANIZATION, LICENSE_KEY and ROOT_EMAIL); otherwise they stay local',
    default: false,
  }),
  ORGANIZATION: envVar.optional(envVar.string({ description: 'organization name sent with every support ticket' })),
  LICENSE_KEY: envVar.optional(
    envVar.string({ description: 'support license key sent with every support ticket', sensitive: true }),
  ),
  ROOT_EMAIL: envVar.optional(envVar.string({ description: "the root administrator's e-mail, the contact sent with tickets" })),
  SUPPORT_API_URL: envVar.url({
    description: "the vendor's support endpoint (https only); the service connects to no other address",
    protocols: ['https'],
    default: DEFAULT_SUPPORT_API_URL,
  }),
  SUPPORT_API_CA_FILE: envVar.optional(
    envVar.string({ description: 'PEM file of extra certificate authorities trusted for SUPPORT_API_URL (private CA, tests)' }),
  ),
  SUPPORT_REQUEST_TIMEOUT_MS: envVar.int({
    description: 'timeout of one delivery attempt, in milliseconds',
    default: 10000,
    min: 100,
    max: 120000,
  }),
  SUPPORT_RETRY_BASE_MS: envVar.int({
    description: 'delay before the second attempt; each further delay doubles, in milliseconds',
    default: 30000,
    min: 10,
  }),
  SUPPORT_RETRY_MAX_DELAY_MS: envVar.int({
    description: 'longest delay between two attempts, in milliseconds',
    default: 3600000,
    min: 10,
  }),
  SUPPORT_RETRY_WINDOW_MS: envVar.int({
    description: 'how long after its creation a ticket is retried before it is marked failed, in milliseconds',
    default: 86400000,
    min: 1000,
  }),
  SUPPORT_POLL_INTERVAL_MS: envVar.int({
    description: 'how often the delivery worker looks for due tickets, in milliseconds',
    default: 5000,
    min: 20,
    max: 600000,
  }),
};

export type SupportNotifierEnv = EnvValues<typeof supportNotifierEnvSchema>;
export const SUPPORT_NOTIFIER_ENV = Symbol('SUPPORT_NOTIFIER_ENV');
