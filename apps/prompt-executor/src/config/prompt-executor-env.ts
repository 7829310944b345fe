import { commonEnv, databaseEnv, envVar, type EnvValues } from '@prst/config';

export const promptExecutorEnvSchema = {
  ...commonEnv,
  ...databaseEnv,
  PROVIDER_ALLOWED_HOSTS: envVar.string({
    description:
      'comma-separated AI provider hosts the executor may call: host, host:port, *.domain or *; internal addresses only when listed exactly',
    default: 'api.openai.com,api.anthropic.com,generativelanguage.googleapis.com,*.openai.azure.com',
  }),
  PROVIDER_CONNECT_TIMEOUT_MS: envVar.int({ description: 'timeout of a new provider connection, in milliseconds', default: 10000, min: 100, max: 120000 }),
  PROVIDER_KEEPALIVE_MS: envVar.int({ description: 'how long an idle provider connection is kept open, in milliseconds', default: 60000, min: 1000, max: 600000 }),
  PROVIDER_MAX_CONNECTIONS: envVar.int({ description: 'open connections per provider origin', default: 64, min: 1, max: 10000 }),
  PROVIDER_MAX_RESPONSE_BYTES: envVar.int({ description: 'largest provider answer accepted, in bytes', default: 10485760, min: 1024 }),
  EXECUTION_DEFAULT_TIMEOUT_MS: envVar.int({
    description: 'provider timeout of a connector that sets no timeoutMs, in milliseconds',
    default: 60000,
    min: 100,
    max: 300000,
  }),
  EXECUTION_DEADLINE_MS: envVar.int({
    description: 'longest one execution may take with its retries and fallbacks, in milliseconds (keep below the gateway EXECUTION_REQUEST_TIMEOUT_MS)',
    default: 300000,
    min: 1000,
    max: 3600000,
  }),
  CACHE_TTL_MS: envVar.int({ description: 'lifetime of cached prompt and connector versions, in milliseconds', default: 300000, min: 0, max: 86400000 }),
  CACHE_MAX_ENTRIES: envVar.int({ description: 'entries per executor cache', default: 10000, min: 0, max: 1000000 }),
  CREDENTIAL_CACHE_TTL_MS: envVar.int({ description: 'lifetime of resolved credentials in memory, in milliseconds', default: 60000, min: 0, max: 3600000 }),
  TASK_CONCURRENCY: envVar.int({ description: 'async tasks one executor runs at the same time', default: 16, min: 1, max: 1000 }),
  TASK_ACK_WAIT_MS: envVar.int({
    description: 'how long an async task may go without a heartbeat before another executor takes it over, in milliseconds',
    default: 30000,
    min: 1000,
    max: 600000,
  }),
  TASK_MAX_DELIVER: envVar.int({ description: 'deliveries of one async task before it is given up (dead-lettered)', default: 5, min: 1, max: 100 }),
};

export type PromptExecutorEnv = EnvValues<typeof promptExecutorEnvSchema>;
export const EXECUTOR_ENV = Symbol('EXECUTOR_ENV');
