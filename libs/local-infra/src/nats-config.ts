import { APP_NAMES, EVENT_ROUTES, KV_BUCKETS, STREAMS, SUBJECT_ROUTES, inboxPrefixOf, type AppName } from '@prst/contracts';

export interface NatsPermissions {
  publish: string[];
  subscribe: string[];
}

/**
 * JetStream API subjects a stream's owner needs to create it and its durable consumers, to consume
 * (pull, ack) and to read single messages back (for example to dead-letter one by its sequence).
 */
function jetStreamOwnerSubjects(stream: string): string[] {
  return [
    '$JS.API.INFO',
    `$JS.API.STREAM.*.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.CONSUMER.*.${stream}`,
    `$JS.API.CONSUMER.*.${stream}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
    `$JS.ACK.${stream}.>`,
  ];
}

/** Advisories a stream's owner listens to: a message that ran out of redeliveries gets dead-lettered. */
function jetStreamOwnerAdvisories(stream: string): string[] {
  return [`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.*`];
}

/** A KV bucket is the stream `KV_<bucket>` written through `$KV.<bucket>.<key>`. */
function kvOwnerSubjects(bucket: string): string[] {
  return [...jetStreamOwnerSubjects(`KV_${bucket}`), `$KV.${bucket}.>`];
}

/**
 * The least privileges of one service, derived from the contracts: it may publish the requests it
 * is a declared caller of, the events it publishes and the streams it publishes to; subscribe to the
 * subjects it answers, the events it is a declared subscriber of and its own reply inbox; and reply
 * to requests (allow_responses).
 */
export function permissionsOf(app: AppName): NatsPermissions {
  const publish = new Set<string>();
  const subscribe = new Set<string>([`${inboxPrefixOf(app)}.>`]);
  for (const route of SUBJECT_ROUTES) {
    if (route.callers.includes(app)) publish.add(route.subject);
    if (route.responder === app) subscribe.add(route.subject);
  }
  for (const event of EVENT_ROUTES) {
    if (event.publisher === app) publish.add(event.subject);
    if (event.subscribers.includes(app)) subscribe.add(event.subject);
  }
  for (const stream of STREAMS) {
    if (stream.publishers.includes(app)) stream.subjects.forEach((subject) => publish.add(subject));
    if (stream.owner === app) {
      jetStreamOwnerSubjects(stream.name).forEach((subject) => publish.add(subject));
      jetStreamOwnerAdvisories(stream.name).forEach((subject) => subscribe.add(subject));
    }
  }
  for (const bucket of KV_BUCKETS) {
    if (bucket.owner === app) kvOwnerSubjects(bucket.name).forEach((subject) => publish.add(subject));
  }
  return { publish: [...publish].sort(), subscribe: [...subscribe].sort() };
}

export interface NatsConfigOptions {
  port: number;
  host?: string;
  storeDir: string;
  passwords: Record<AppName, string>;
  /** The monitoring port (http), for health checks of NATS itself; omitted when undefined. */
  monitorPort?: number;
  /**
   * The installed nats-server's version (`nats-server --version`). JetStream is told to fsync every
   * write (`sync_interval: always`) only from 2.10 on: 2.9's parser rejects the field. On 2.9 a killed
   * server still loses nothing that reached the kernel; only a machine crash can.
   */
  serverVersion?: string;
  /** Joins a JetStream cluster: this server's name, its route port and every server's route port. */
  cluster?: { serverName: string; port: number; routePorts: number[] };
}

/** True when `version` (for example `v2.10.4` or `nats-server: v2.9.10`) is at least 2.10. */
export function supportsSyncInterval(version: string | undefined): boolean {
  const match = /(\d+)\.(\d+)\.\d+/.exec(version ?? '');
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 2 || (major === 2 && minor >= 10);
}

const quote = (value: string) => JSON.stringify(value);
const list = (values: string[]) => `[${values.map(quote).join(', ')}]`;

function clusterBlock(cluster: NonNullable<NatsConfigOptions['cluster']>): string[] {
  return [
    `server_name: ${quote(cluster.serverName)}`,
    `cluster {`,
    `  name: "prst"`,
    `  listen: ${quote(`127.0.0.1:${cluster.port}`)}`,
    `  routes: ${list(cluster.routePorts.map((port) => `nats-route://127.0.0.1:${port}`))}`,
    `}`,
  ];
}

/** A nats-server configuration with JetStream and one user per service (optionally one server of a cluster). */
export function buildNatsConfig(options: NatsConfigOptions): string {
  const users = APP_NAMES.map((app) => {
    const { publish, subscribe } = permissionsOf(app);
    return [
      `    {`,
      `      user: ${quote(app)}`,
      `      password: ${quote(options.passwords[app])}`,
      `      permissions: {`,
      `        publish: { allow: ${list(publish)} }`,
      `        subscribe: { allow: ${list(subscribe)} }`,
      `        allow_responses: true`,
      `      }`,
      `    }`,
    ].join('\n');
  });
  return [
    `host: ${quote(options.host ?? '127.0.0.1')}`,
    `port: ${options.port}`,
    ...(options.monitorPort ? [`http_port: ${options.monitorPort}`] : []),
    ...(options.cluster ? clusterBlock(options.cluster) : []),
    `jetstream {`,
    `  store_dir: ${quote(options.storeDir)}`,
    ...(supportsSyncInterval(options.serverVersion) ? ['  sync_interval: always'] : []),
    `}`,
    `authorization {`,
    // The default 2 s to authenticate is too short for a service starting on a busy machine (the
    // client connects, then its event loop stalls before CONNECT), which then fails to boot.
    `  timeout: 10`,
    `  users: [`,
    users.join('\n'),
    `  ]`,
    `}`,
    '',
  ].join('\n');
}
