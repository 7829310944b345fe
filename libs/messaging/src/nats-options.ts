import { inboxPrefixOf, type AppName } from '@prst/contracts';

export interface NatsSettings {
  url: string;
  user: string;
  password: string;
}

/** The NATS variables of every service's environment (see commonEnv in @prst/config). */
export interface NatsEnv {
  NATS_URL: string;
  NATS_USER: string;
  NATS_PASSWORD: string;
  NATS_REQUEST_TIMEOUT_MS: number;
}

export function natsSettingsFrom(env: NatsEnv): NatsSettings {
  return { url: env.NATS_URL, user: env.NATS_USER, password: env.NATS_PASSWORD };
}

/** Connection options shared by the Nest server and the request client of one service. */
export function natsConnectionOptions(app: AppName, settings: NatsSettings) {
  return {
    servers: settings.url.split(',').map((server) => server.trim()),
    user: settings.user,
    pass: settings.password,
    name: app,
    inboxPrefix: inboxPrefixOf(app),
    // Keep trying for ever: NATS restarts must not take the service down.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // nats.js otherwise builds an Error (capturing a stack trace) before every request and timer, in
    // case it fails: 3–4 % of the gateway's CPU under load (bench/ profile). Failures still arrive
    // as TimeoutError / NoRespondersError, which RpcClient maps to 504 / 503.
    noAsyncTraces: true,
  };
}
