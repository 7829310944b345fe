import { envVar } from './env-var.js';

/** Variables every service reads: how to reach NATS and how to log. */
export const commonEnv = {
  NATS_URL: envVar.string({ description: 'NATS server URL(s), comma-separated', default: 'nats://127.0.0.1:4222' }),
  NATS_USER: envVar.string({ description: "this service's NATS user name" }),
  NATS_PASSWORD: envVar.string({ description: "this service's NATS password", sensitive: true }),
  NATS_REQUEST_TIMEOUT_MS: envVar.int({
    description: 'timeout of every NATS request to another service, in milliseconds',
    default: 5000,
    min: 100,
    max: 120000,
  }),
  LOG_LEVEL: envVar.oneOf(['error', 'warn', 'info', 'debug'] as const, {
    description: 'lowest level that is logged',
    default: 'info',
  }),
};

/** Variables of every service that keeps data in PostgreSQL. */
export const databaseEnv = {
  DATABASE_URL: envVar.url({
    description: 'PostgreSQL connection URL',
    protocols: ['postgres', 'postgresql'],
    sensitive: true,
  }),
  DATABASE_POOL_SIZE: envVar.int({ description: 'connections per service process', default: 10, min: 1, max: 200 }),
};
