import os from 'node:os';
import type { LoadResult } from './load.js';

export const SCENARIOS = ['direct', 'portkey', 'proxy', 'execute-sync', 'execute-async'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface Measurement extends LoadResult {
  scenario: ScenarioName;
  providerLatencyMs: number;
  connections: number;
  round: number;
  /** Async only: seconds from the end of the load until every accepted task was finished. */
  drainSeconds?: number;
  /** Async only: accepted tasks divided by (load time + drain time). */
  completedPerSecond?: number;
}

export interface Summary {
  scenario: ScenarioName;
  providerLatencyMs: number;
  connections: number;
  rounds: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  /** p50 minus the direct call's p50 at the same latency and concurrency. */
  addedP50: number;
  errors: number;
  rpsVsPortkey?: number;
  drainSeconds?: number;
  completedPerSecond?: number;
}

export const median = (values: (number | undefined)[]): number => {
  const sorted = values.filter((v): v is number => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Medians over rounds per scenario × provider latency × connections, with the added latency and the ratio to Portkey. */
export function summarize(measurements: Measurement[]): Summary[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) {
    const key = `${m.scenario}|${m.providerLatencyMs}|${m.connections}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const order = (s: Summary) => [s.providerLatencyMs, SCENARIOS.indexOf(s.scenario), s.connections];
  const rows: Summary[] = [...groups.values()].map((group) => ({
    scenario: group[0].scenario,
    providerLatencyMs: group[0].providerLatencyMs,
    connections: group[0].connections,
    rounds: group.length,
    requestsPerSecond: median(group.map((m) => m.requestsPerSecond)),
    p50: median(group.map((m) => m.p50)),
    p90: median(group.map((m) => m.p90)),
    p99: median(group.map((m) => m.p99)),
    addedP50: NaN,
    errors: group.reduce((sum, m) => sum + m.errors, 0),
    ...(group[0].scenario === 'execute-async'
      ? { drainSeconds: median(group.map((m) => m.drainSeconds)), completedPerSecond: median(group.map((m) => m.completedPerSecond)) }
      : {}),
  }));
  rows.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  const find = (scenario: ScenarioName, row: Summary) =>
    rows.find((r) => r.scenario === scenario && r.providerLatencyMs === row.providerLatencyMs && r.connections === row.connections);
  for (const row of rows) {
    const direct = find('direct', row);
    const portkey = find('portkey', row);
    // An async answer is the acceptance, which never waits for the provider: nothing to add to.
    if (direct && row.scenario !== 'execute-async') row.addedP50 = row.p50 - direct.p50;
    if (portkey && row.scenario !== 'direct' && row.scenario !== 'portkey') row.rpsVsPortkey = row.requestsPerSecond / portkey.requestsPerSecond;
  }
  return rows;
}

const fixed = (value: number | undefined, digits = 2) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));

/** The results table; a scenario listed in `unavailable` gets one row saying why it did not run. */
export function markdownTable(rows: Summary[], unavailable: Partial<Record<ScenarioName, string>> = {}): string {
  const header =
    '| scenario | provider latency | conc. | req/s | p50 ms | p90 ms | p99 ms | added p50 ms | req/s vs Portkey | errors | async: drain s / done per s |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map(
    (r) =>
      `| ${r.scenario} | ${r.providerLatencyMs} ms | ${r.connections} | ${fixed(r.requestsPerSecond, 0)} | ${fixed(r.p50)} | ${fixed(r.p90)} | ${fixed(r.p99)} | ${fixed(r.addedP50)} | ${r.rpsVsPortkey === undefined ? '–' : `${fixed(r.rpsVsPortkey)}×`} | ${r.errors} | ${r.scenario === 'execute-async' ? `${fixed(r.drainSeconds, 1)} / ${fixed(r.completedPerSecond, 0)}` : ''} |`,
  );
  const missing = Object.entries(unavailable).map(([scenario, reason]) => `| ${scenario} | – | – | not available | | | | | | | ${reason.replace(/\|/g, '/').replace(/\n/g, ' ')} |`);
  return [header, ...lines, ...missing].join('\n');
}

export interface MemoryRow {
  process: string;
  /** Right after start-up, before any request. */
  startMiB?: number;
  /** After the set-up requests, with nothing running. */
  idleMiB?: number;
  peakMiB?: number;
}

export function memoryTable(rows: MemoryRow[]): string {
  return [
    '| process | idle RSS at start MiB | idle RSS after set-up MiB | peak RSS MiB |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.process} | ${fixed(r.startMiB, 0)} | ${fixed(r.idleMiB, 0)} | ${fixed(r.peakMiB, 0)} |`),
  ].join('\n');
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
}

/** The targets of this turn, judged on the medians (reported, never asserted). */
export function checkTargets(
  rows: Summary[],
  memory: MemoryRow[],
  persisted: { requests: number; tasks: number; auditEvents: number } | undefined,
  latencyMs: number,
): TargetCheck[] {
  const at = (scenario: ScenarioName, connections: number) =>
    rows.find((r) => r.scenario === scenario && r.connections === connections && r.providerLatencyMs === latencyMs);
  const checks: TargetCheck[] = [];
  const proxy = at('proxy', 10);
  const portkey = at('portkey', 10);
  const sync = at('execute-sync', 10);
  checks.push({
    target: `proxy ≥ 2× Portkey req/s at concurrency 10 (${latencyMs} ms provider)`,
    measured: proxy && portkey ? `${fixed(proxy.requestsPerSecond, 0)} vs ${fixed(portkey.requestsPerSecond, 0)} req/s = ${fixed(proxy.rpsVsPortkey)}×` : 'not measured',
    met: proxy && portkey ? proxy.requestsPerSecond >= 2 * portkey.requestsPerSecond : undefined,
  });
  checks.push({
    target: `proxy added p50 ≤ Portkey added p50 at concurrency 10 (${latencyMs} ms provider)`,
    measured: proxy && portkey ? `${fixed(proxy.addedP50)} vs ${fixed(portkey.addedP50)} ms` : 'not measured',
    met: proxy && portkey ? proxy.addedP50 <= portkey.addedP50 : undefined,
  });
  checks.push({
    target: `sync execute ≥ 1× Portkey req/s at concurrency 10 (${latencyMs} ms provider)`,
    measured: sync && portkey ? `${fixed(sync.requestsPerSecond, 0)} vs ${fixed(portkey.requestsPerSecond, 0)} req/s = ${fixed(sync.rpsVsPortkey)}×` : 'not measured',
    met: sync && portkey ? sync.requestsPerSecond >= portkey.requestsPerSecond : undefined,
  });
  if (persisted) {
    checks.push({
      target: 'every answered proxy call and execution stored as a task, every task with its audit event',
      measured: `${persisted.requests} answered 2xx, ${persisted.tasks} tasks stored, ${persisted.auditEvents} of them with their audit event`,
      met: persisted.tasks >= persisted.requests && persisted.auditEvents >= persisted.tasks,
    });
  }
  const services = memory.filter((m) => !m.process.startsWith('portkey'));
  const worst = services.reduce((max, m) => Math.max(max, m.idleMiB ?? 0), 0);
  checks.push({
    target: 'idle RSS ≤ 150 MB per service',
    measured: `largest ${fixed(worst, 0)} MiB (${services.find((m) => m.idleMiB === worst)?.process ?? '–'})`,
    met: services.length ? services.every((m) => m.idleMiB !== undefined && m.idleMiB * 1.048576 <= 150) : undefined,
  });
  return checks;
}

export function targetsTable(checks: TargetCheck[]): string {
  return [
    '| target | measured | met |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.target} | ${c.measured} | ${c.met === undefined ? 'not measured' : c.met ? 'yes' : 'no'} |`),
  ].join('\n');
}

export function machineDescription(versions: Record<string, string>, loadAverage: number[]): string {
  const cpus = os.cpus();
  return [
    `- machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `- load average before the run (1/5/15 min): ${loadAverage.map((l) => l.toFixed(2)).join(' / ')}; after: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`,
    `- Node.js ${process.version}`,
    ...Object.entries(versions).map(([name, version]) => `- ${name} ${version}`),
  ].join('\n');
}
