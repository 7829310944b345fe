#!/usr/bin/env node
// The main job: brings the whole suite up on this machine and keeps it running until Ctrl-C.
// Installs what is missing (npm dependencies, nats-server, PostgreSQL on Debian/Ubuntu as root),
// starts nats-server with the per-service permissions and JetStream, PostgreSQL (DATABASE_URL when
// set, otherwise a local cluster in .data/postgres that survives restarts), builds and starts the six
// services, waits until /api/v1/health is ok and prints the URL.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build, ensureDependencies, repoRoot } from './ensure-deps.mjs';

const log = (line) => console.log(`[prst] ${line}`);
const dataDir = path.resolve(process.env.PRST_DATA_DIR ?? path.join(repoRoot, '.data'));
const port = Number(process.env.PORT ?? 8080);
const verbose = process.argv.includes('--verbose');
const metricsBasePort = Number(process.env.METRICS_BASE_PORT ?? 9464);
const SUPPORT_VARIABLES = ['SUPPORT_ENABLED', 'ORGANIZATION', 'LICENSE_KEY', 'SUPPORT_API_URL', 'SUPPORT_API_CA_FILE'];
const supportEnv = () => Object.fromEntries(SUPPORT_VARIABLES.filter((name) => process.env[name]).map((name) => [name, process.env[name]]));

ensureDependencies(log);
build(log);
const infra = await import(path.join(repoRoot, 'libs/local-infra/dist/src/index.js'));

mkdirSync(dataDir, { recursive: true });
chmodSync(dataDir, 0o755); // the postgres user must be able to reach its data folder
const cleanups = [];
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`while stopping: ${error.message}`));
  log('stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  log('starting nats-server (JetStream, one user per service)…');
  const nats = await infra.startNats({ dir: path.join(dataDir, 'nats'), port: Number(process.env.NATS_PORT ?? 4222), log });
  cleanups.push(() => nats.stop());
  log(`nats-server is up at ${nats.url}`);

  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    log('using the PostgreSQL of DATABASE_URL');
  } else {
    log('starting PostgreSQL (data in .data/postgres)…');
    const postgres = await infra.startPostgres({ dataDir: path.join(dataDir, 'postgres'), port: Number(process.env.PG_PORT ?? 5433), log });
    cleanups.push(() => postgres.stop());
    databaseUrl = await postgres.createDatabase('prst');
    log(`PostgreSQL is up on 127.0.0.1:${postgres.port}`);
  }

  log('starting the six services…');
  const rootEmail = process.env.ROOT_EMAIL ?? infra.DEFAULT_ROOT_EMAIL;
  const rootPasswordFile = path.join(dataDir, 'root-password');
  const suite = infra.startSuite({
    nats,
    databaseUrl,
    gatewayPort: port,
    commonEnv: { ...infra.loadOrCreateLocalSecrets(dataDir), ROOT_EMAIL: rootEmail },
    // Prometheus metrics of each service on its own loopback port: 9464 (gateway) … 9469. Support
    // notifications are off unless the operator sets the support variables in the runner's environment.
    env: Object.fromEntries(
      infra.APP_NAMES.map((app, index) => [
        app,
        {
          METRICS_ENABLED: 'true',
          METRICS_HOST: '127.0.0.1',
          METRICS_PORT: String(metricsBasePort + index),
          ...(app === 'support-notifier' ? supportEnv() : {}),
          // At the first start the gateway generates the root password into this file (never into a log).
          ...(app === 'gateway'
            ? process.env.ROOT_PASSWORD ? { ROOT_PASSWORD: process.env.ROOT_PASSWORD } : { ROOT_PASSWORD_FILE: rootPasswordFile }
            : {}),
        },
      ]),
    ),
    onLine: (app, line) => {
      if (stopping) return; // connection-closed noise while shutting down
      let entry;
      try {
        entry = JSON.parse(line);
      } catch {
        console.log(`[${app}] ${line}`);
        return;
      }
      if (verbose || entry.level === 'error' || entry.level === 'warn') {
        console.log(`[${app}] ${entry.level}: ${entry.message}`);
      }
    },
  });
  cleanups.push(() => suite.stopAll());
  for (const service of suite.services.values()) {
    service.exited.then((code) => {
      if (!stopping) log(`${service.app} exited with code ${code}; see the lines above`);
    });
  }
  await infra.waitForHealthy(suite.gatewayUrl, 120000);
  log(`all six services are healthy.`);
  // Shown once: the file is removed after printing. Change the password at the first sign-in.
  if (existsSync(rootPasswordFile)) {
    const password = readFileSync(rootPasswordFile, 'utf8').trim();
    rmSync(rootPasswordFile, { force: true });
    log(`root administrator: ${rootEmail}`);
    log(`initial root password (shown once, change it at the first sign-in): ${password}`);
  }
  log(`gateway: http://localhost:${port}  (health: http://localhost:${port}/api/v1/health)`);
  log('press Ctrl-C to stop everything.');
} catch (error) {
  log(`could not start: ${error.message}`);
  await stop(1);
}
