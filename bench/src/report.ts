import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { LoadResult } from './load.js';

export interface Measurement extends LoadResult {
  scenario: string;
  providerLatencyMs: number;
  connections: number;
  round: number;
}

export interface Summary {
  scenario: string;
  providerLatencyMs: number;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  addedP50: number;
  errors: number;
  rpsVsPortkey?: number;
}

const median = (values: number[]) => {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Medians over rounds per scenario × provider latency × connections, with ratios to the floor and Portkey. */
export function summarize(measurements: Measurement[]): Summary[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) {
    const key = `${m.scenario}|${m.providerLatencyMs}|${m.connections}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const rows: Summary[] = [...groups.values()].map((group) => ({
    scenario: group[0].scenario,
    providerLatencyMs: group[0].providerLatencyMs,
    connections: group[0].connections,
    requestsPerSecond: median(group.map((m) => m.requestsPerSecond)),
    p50: median(group.map((m) => m.p50)),
    p90: median(group.map((m) => m.p90)),
    p99: median(group.map((m) => m.p99)),
    addedP50: NaN,
    errors: group.reduce((sum, m) => sum + m.errors, 0),
  }));
  const find = (scenario: string, row: Summary) =>
    rows.find((r) => r.scenario === scenario && r.providerLatencyMs === row.providerLatencyMs && r.connections === row.connections);
  for (const row of rows) {
    const direct = find('direct', row);
    const portkey = find('portkey', row);
    if (direct) row.addedP50 = row.p50 - direct.p50;
    if (portkey && row.scenario !== 'direct') row.rpsVsPortkey = row.requestsPerSecond / portkey.requestsPerSecond;
  }
  return rows;
}

const fixed = (value: number | undefined, digits = 2) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));

export function markdownTable(rows: Summary[]): string {
  const header =
    '| scenario | provider latency | connections | req/s | p50 ms | p90 ms | p99 ms | added p50 ms | req/s vs Portkey | errors |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map(
    (r) =>
      `| ${r.scenario} | ${r.providerLatencyMs} ms | ${r.connections} | ${fixed(r.requestsPerSecond, 0)} | ${fixed(r.p50)} | ${fixed(r.p90)} | ${fixed(r.p99)} | ${fixed(r.addedP50)} | ${r.rpsVsPortkey === undefined ? '–' : `${fixed(r.rpsVsPortkey)}×`} | ${r.errors} |`,
  );
  return [header, ...lines].join('\n');
}

export function machineDescription(versions: Record<string, string>): string {
  const cpus = os.cpus();
  return [
    `- machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
    `- Node.js ${process.version}`,
    ...Object.entries(versions).map(([name, version]) => `- ${name} ${version}`),
  ].join('\n');
}

export function writeReport(file: string, content: string): void {
  writeFileSync(file, content);
}
