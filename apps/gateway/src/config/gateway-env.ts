import { commonEnv, databaseEnv, envVar, type EnvValues } from '@prst/config';

export const gatewayEnvSchema = {
  ...commonEnv,
  ...databaseEnv,
  PORT: envVar.int({ description: 'HTTP port of the API', default: 8080, min: 1, max: 65535 }),
  HOST: envVar.string({ description: 'address the HTTP server binds to', default: '0.0.0.0' }),
  BODY_LIMIT_BYTES: envVar.int({
    description: 'largest accepted request body, in bytes (larger ones answer 413)',
    default: 1048576,
    min: 1024,
  }),
  HEALTH_TIMEOUT_MS: envVar.int({
    description: 'how long /api/v1/health waits for each service, in milliseconds',
    default: 1500,
    min: 100,
    max: 10000,
  }),
  EXECUTION_REQUEST_TIMEOUT_MS: envVar.int({
    description: 'how long a sync execution may take end to end (provider included), in milliseconds',
    default: 310000,
    min: 1000,
    max: 900000,
  }),
};

export type GatewayEnv = EnvValues<typeof gatewayEnvSchema>;
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');
