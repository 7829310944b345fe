import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { APP_NAMES, freePort, startTestSuite, type TestSuite } from '@prst/local-infra';
import { startFakeProvider } from './fake-provider.js';
import { runLoad, type LoadRequest } from './load.js';
import { peakRssMiB, rssMiB } from './memory.js';
import { startPortkey, portkeyPackage, type RunningPortkey } from './portkey.js';
import { formatProfileSummary, type CpuProfile, type TimeWindow } from './profile-analyzer.js';
import {
  checkTargets,
  machineDescription,
  SCENARIOS,
  markdownTable,
  memoryTable,
  summarize,
  targetsTable,
  type Measurement,
  type MemoryRow,
  type ScenarioName,
} from './report.js';
import { CHAT_BODY, createBenchApiKey, createBenchPrompt, probeProxy, type BenchTarget } from './setup.js';

// This file runs from bench/dist/src/.
const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = path.resolve(benchDir, '..');

interface Options {
  profile: boolean;
  seconds: number;
  rounds: number;
  latencies: number[];
  connections: number[];
  scenarios: ScenarioName[];
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const list = (name: string, fallback: number[]) => value(name)?.split(',').map(Number) ?? fallback;
  const profile = argv.includes('--profile');
  return {
    profile,
    seconds: Number(value('duration') ?? (profile ? 15 : 3)),
    rounds: Number(value('rounds') ?? (profile ? 1 : 3)),
    latencies: list('latencies', profile ? [0] : [0, 50]),
    connections: list('connections', profile ? [10] : [1, 10, 50]),
    scenarios: (value('scenarios')?.split(',') as ScenarioName[] | undefined) ?? [...SCENARIOS],
  };
}

const log = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = Date.now();
  const loadBefore = os.loadavg();
  log(`load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  const profilesDir = path.join(benchDir, 'profiles');
  const profileArgs = (name: string) =>
    options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profilesDir}`, `--cpu-prof-name=${name}.cpuprofile`, `--import=${pathToFileURL(path.join(benchDir, 'dist/src/exit-hook.js')).href}`] : [];
  if (options.profile) {
    rmSync(profilesDir, { recursive: true, force: true });
    mkdirSync(profilesDir, { recursive: true });
  }

  const fakes = new Map<number, Awaited<ReturnType<typeof startFakeProvider>>>();
  for (const latency of options.latencies) fakes.set(latency, await startFakeProvider(latency));
  const cleanups: (() => Promise<void>)[] = [...fakes.values()].map((fake) => () => fake.close());
  let suite: TestSuite | undefined;
  let portkey: RunningPortkey | undefined;
  let db: pg.Client | undefined;
  let window: TimeWindow | undefined;
  /** Requests each profiled process handled in the window (ours: proxy and execute; Portkey: its own). */
  const handled = { ours: 0, portkey: 0 };
  try {
    log('starting Portkey…');
    portkey = await startPortkey(await freePort(), profileArgs('portkey'));
    cleanups.push(() => portkey!.stop());

    log('starting nats-server, PostgreSQL and the six services (production-like settings)…');
    const metricsEnv = Object.fromEntries(
      await Promise.all(APP_NAMES.map(async (app) => [app, { METRICS_ENABLED: 'true', METRICS_HOST: '127.0.0.1', METRICS_PORT: String(await freePort()) }])),
    );
    const allowed = [...fakes.values()].map((fake) => new URL(fake.url).host).join(',');
    suite = await startTestSuite('bench', {
      // Production-like: info logs, no traces, metrics on (their default), NODE_ENV production.
      commonEnv: { LOG_LEVEL: 'info', TRACES_EXPORTER: 'none', NODE_ENV: 'production' },
      env: { ...metricsEnv, 'prompt-executor': { ...metricsEnv['prompt-executor'], PROVIDER_ALLOWED_HOSTS: allowed } },
      nodeArgs: { gateway: profileArgs('gateway'), 'prompt-executor': profileArgs('prompt-executor') },
    });
    cleanups.push(() => suite!.stop());
    db = new pg.Client({ connectionString: suite.databaseUrl });
    await db.connect();
    cleanups.push(() => db!.end());

    // Idle memory right after start-up (healthy, nothing done yet), and again after the set-up below.
    await sleep(2000);
    const servicePids = (): [string, number | undefined][] => [
      ...APP_NAMES.map((app) => [app, suite!.suite.services.get(app)?.pid] as [string, number | undefined]),
      ['portkey', portkey!.pid],
    ];
    const idleAtStart = new Map(servicePids().map(([name, pid]) => [name, rssMiB(pid)]));
    const apiKey = await createBenchApiKey(suite.gatewayUrl, suite.rootEmail, suite.rootPassword);
    const targets = new Map<number, BenchTarget>();
    for (const [latency, fake] of fakes) targets.set(latency, await createBenchPrompt(suite.gatewayUrl, apiKey, fake.url, `${latency}ms`));
    const unavailable: Partial<Record<ScenarioName, string>> = {};
    const proxyProblem = await probeProxy(suite.gatewayUrl, apiKey, targets.get(options.latencies[0])!.connectorId);
    if (proxyProblem) {
      unavailable.proxy = proxyProblem;
      log(`proxy scenario not available: ${proxyProblem}`);
    }

    // Idle memory: after start-up and one request of each kind, with nothing running (the gateway's
    // password-strength worker exits 5 s after the set-up's password change).
    await sleep(8000);
    const pids = servicePids();
    const idle = new Map(pids.map(([name, pid]) => [name, rssMiB(pid)]));

    const json = { 'content-type': 'application/json' };
    const bearer = { ...json, authorization: `Bearer ${apiKey}` };
    const executeBody = (target: BenchTarget, async: boolean) =>
      JSON.stringify({ prompt: { id: target.promptId, version: '1' }, parameters: { text: 'good morning', language: 'French' }, ...(async ? { async: true } : {}) });
    const requestFor = (scenario: ScenarioName, latency: number): LoadRequest => {
      const fake = fakes.get(latency)!;
      const target = targets.get(latency)!;
      switch (scenario) {
        case 'direct':
          return { url: `${fake.url}/v1/chat/completions`, method: 'POST', headers: { ...json, authorization: 'Bearer sk-bench-0123456789' }, body: CHAT_BODY };
        case 'portkey':
          return { url: `${portkey!.url}/v1/chat/completions`, method: 'POST', headers: { ...json, ...portkey!.headersFor(fake.url) }, body: CHAT_BODY };
        case 'proxy':
          return { url: `${suite!.gatewayUrl}/api/v1/proxy/${target.connectorId}/chat/completions`, method: 'POST', headers: bearer, body: CHAT_BODY };
        case 'execute-sync':
          return { url: `${suite!.gatewayUrl}/api/v1/executions`, method: 'POST', headers: bearer, body: executeBody(target, false) };
        case 'execute-async':
          return { url: `${suite!.gatewayUrl}/api/v1/executions`, method: 'POST', headers: bearer, body: executeBody(target, true) };
      }
    };
    const unfinished = async () =>
      Number((await db!.query(`SELECT count(*) AS n FROM prompts.execution_task WHERE status NOT IN ('COMPLETED', 'FAILED')`)).rows[0].n);
    const failedTasks = async () => Number((await db!.query(`SELECT count(*) AS n FROM prompts.execution_task WHERE status = 'FAILED'`)).rows[0].n);

    /** 2xx answers of the scenarios that store a task (warm-up included): each must have left a task and its audit event. */
    let answered = 0;
    const measure = async (scenario: ScenarioName, latency: number, connections: number, seconds: number): Promise<Omit<Measurement, 'round'>> => {
      const failedBefore = scenario === 'execute-async' ? await failedTasks() : 0;
      const result = await runLoad(requestFor(scenario, latency), connections, seconds);
      const measurement: Omit<Measurement, 'round'> = { ...result, scenario, providerLatencyMs: latency, connections };
      if (scenario !== 'direct' && scenario !== 'portkey') answered += result.ok;
      if (scenario === 'execute-async') {
        // Poll the task table until every accepted task has finished (bounded).
        const loadEnded = Date.now();
        while ((await unfinished()) > 0 && Date.now() - loadEnded < 120000) await sleep(100);
        measurement.drainSeconds = (Date.now() - loadEnded) / 1000;
        measurement.completedPerSecond = result.ok / (seconds + measurement.drainSeconds);
        measurement.errors += (await failedTasks()) - failedBefore;
      }
      return measurement;
    };

    // The direct call and Portkey always run: the other rows are compared with them.
    const scenarios = SCENARIOS.filter((s) => !unavailable[s] && (s === 'direct' || s === 'portkey' || options.scenarios.includes(s)));
    const cells = options.rounds * options.latencies.length * options.connections.length * scenarios.length;
    log(`${cells} cells of ${options.seconds} s (${options.rounds} rounds × ${options.latencies.length} latencies × ${options.connections.length} concurrencies × ${scenarios.length} scenarios), about ${Math.ceil((cells * (options.seconds + 0.5)) / 60)} min plus async drain`);
    log('warming up (discarded)…');
    for (const latency of options.latencies) for (const scenario of scenarios) await measure(scenario, latency, 10, 1);

    const measurements: Measurement[] = [];
    // The profiles' clock is CLOCK_MONOTONIC in µs, like process.hrtime(): the analyzer keeps this window only.
    const nowUs = () => Number(process.hrtime.bigint() / 1000n);
    window = { fromUs: nowUs(), toUs: 0 };
    for (let round = 1; round <= options.rounds; round++) {
      for (const latency of options.latencies) {
        for (const connections of options.connections) {
          // Interleaved, and the order rotates each round so that no scenario always follows another.
          const order = scenarios.map((_, i) => scenarios[(i + round - 1) % scenarios.length]);
          for (const scenario of order) {
            const m = { ...(await measure(scenario, latency, connections, options.seconds)), round };
            measurements.push(m);
            if (m.scenario === 'portkey') handled.portkey += m.requests;
            else if (m.scenario !== 'direct') handled.ours += m.requests;
            log(`round ${round} ${latency} ms c=${connections} ${scenario}: ${m.requestsPerSecond.toFixed(0)} req/s p50 ${m.p50.toFixed(2)} ms p99 ${m.p99.toFixed(2)} ms errors ${m.errors}${m.drainSeconds !== undefined ? ` drain ${m.drainSeconds.toFixed(1)} s` : ''}`);
          }
        }
      }
    }

    window.toUs = nowUs();

    // Every answered proxy call and execution must have left a task, and every task (once the
    // audit-log caught up) its audit event.
    let persisted: { requests: number; tasks: number; auditEvents: number } | undefined;
    if (scenarios.some((s) => s !== 'direct' && s !== 'portkey')) {
      const count = async () => {
        const { rows } = await db!.query(`
          SELECT count(*) AS tasks,
                 count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM audit.audit_records a
                   WHERE a.resource_type = 'execution' AND a.resource_id = t.id::text
                     AND a.action IN ('execution.completed', 'execution.failed', 'proxy.completed', 'proxy.failed'))) AS audited
          FROM prompts.execution_task t`);
        return { tasks: Number(rows[0].tasks), auditEvents: Number(rows[0].audited) };
      };
      let counted = await count();
      const deadline = Date.now() + 60000;
      while (counted.auditEvents < counted.tasks && Date.now() < deadline) {
        await sleep(500);
        counted = await count();
      }
      persisted = { requests: answered, ...counted };
    }

    const memory: MemoryRow[] = pids.map(([name, pid]) => ({ process: name, startMiB: idleAtStart.get(name), idleMiB: idle.get(name), peakMiB: peakRssMiB(pid) }));
    const rows = summarize(measurements);
    const checks = options.latencies.flatMap((latency, i) => {
      const all = checkTargets(rows, memory, i === 0 ? persisted : undefined, latency);
      // Persistence and memory are not per latency: list them once.
      return i === 0 ? all : all.filter((c) => c.target.includes('ms provider'));
    });
    const versions = {
      '@portkey-ai/gateway': portkeyPackage().version,
      autocannon: (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/autocannon/package.json'), 'utf8')) as { version: string }).version,
      'nats-server': run('nats-server --version'),
      PostgreSQL: run('/usr/lib/postgresql/15/bin/postgres --version'),
      'prst commit': run('git rev-parse --short HEAD'),
    };
    const loadAfter = os.loadavg();
    const table = markdownTable(rows, unavailable);
    const minutes = ((Date.now() - startedAt) / 60000).toFixed(1);
    console.log(`\n${table}\n\n${memoryTable(memory)}\n\n${targetsTable(checks)}\n`);

    if (options.profile) {
      log('stopping the services so that they write their CPU profiles…');
    } else {
      writeFileSync(
        path.join(benchDir, 'RESULTS.md'),
        resultsMarkdown({ table, memory: memoryTable(memory), targets: targetsTable(checks), machine: machineDescription(versions, loadBefore), options, minutes }),
      );
      writeFileSync(
        path.join(benchDir, 'results.json'),
        `${JSON.stringify({ date: new Date().toISOString(), options, loadAverage: { before: loadBefore, after: loadAfter }, versions, summary: rows, unavailable, memory, targets: checks, measurements }, null, 2)}\n`,
      );
      log(`wrote bench/RESULTS.md and bench/results.json (${minutes} min)`);
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`while stopping: ${(error as Error).message}`));
  }
  if (options.profile) {
    const summaries = readdirSync(profilesDir)
      .filter((file) => file.endsWith('.cpuprofile'))
      .map((file) =>
        formatProfileSummary(file, JSON.parse(readFileSync(path.join(profilesDir, file), 'utf8')) as CpuProfile, 25, window, file.startsWith('portkey') ? handled.portkey : handled.ours),
      );
    const text = summaries.join('\n\n');
    writeFileSync(path.join(profilesDir, 'summary.txt'), `${text}\n`);
    console.log(`\n${text}\n`);
    log(`profiles and summary.txt in bench/profiles/ (open a .cpuprofile in Chrome DevTools or speedscope for a flame graph)`);
  }
}

function run(command: string): string {
  try {
    return execSync(command, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

function resultsMarkdown(parts: { table: string; memory: string; targets: string; machine: string; options: Options; minutes: string }): string {
  return `# Benchmark results

Written by \`npm run bench\` (${new Date().toISOString()}, ${parts.minutes} min). Medians over ${parts.options.rounds} interleaved rounds of
${parts.options.seconds} s per cell; every scenario calls the same fake OpenAI-compatible provider, which answers after a fixed
latency. Everything runs on loopback on this one machine (load generator included), so compare rows
of the same run, not absolute numbers across machines.

- **direct**: straight to the fake (the floor). **portkey**: Portkey's open-source gateway → fake.
- **proxy**: \`POST /api/v1/proxy/:connectorId/chat/completions\` → prompt-executor → fake.
- **execute-sync**: \`POST /api/v1/executions\` (published prompt with two parameters, openai-compatible-chat
  connector with a stored credential) → fake; every task and its audit event stored.
- **execute-async**: the same with \`async: true\`: req/s is tasks accepted per second; "drain" is the time
  from the end of the load until every accepted task was finished, "done per s" = accepted / (load + drain).
- **added p50**: p50 minus the direct call's p50 at the same provider latency and concurrency.
- Services run with production-like settings: LOG_LEVEL=info, no tracing, Prometheus metrics on.

## Latency and throughput

${parts.table}

## Memory (resident set size)

Idle at start: healthy, before any request. Idle after set-up: 8 s after signing in (the password
change runs the gateway's password-strength worker, which exits 5 s after its last check), creating
the credential, connectors and prompts, and one proxy call; this is the value the target is judged on. Peak: the high-water mark
over the whole run.

${parts.memory}

## Targets (reported, not asserted)

${parts.targets}

## Machine and versions

${parts.machine}

Where the time goes (CPU profiles) and what was optimised: [PROFILE.md](PROFILE.md).
`;
}

await main();
