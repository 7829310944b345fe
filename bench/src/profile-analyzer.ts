/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that self time needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  name: string;
  group: string;
  ms: number;
  share: number;
}

/**
 * The package or area a script belongs to: `node_modules/<pkg>` (scoped too), our `apps/<x>` and
 * `libs/<x>`, Node's own internals, or V8's pseudo-frames ((garbage collector), (program), (idle)).
 */
export function groupOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node';
  // The innermost node_modules folder names the package (nested installs included).
  const modules = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  if (modules.length) return modules[modules.length - 1][1];
  // Our compiled code: <repo>/apps/<app>/dist/… or <repo>/libs/<lib>/dist/… (the repo folder may be named anything).
  const ours = [...url.matchAll(/\/(apps|libs)\/([^/]+)\/dist\//g)];
  if (ours.length) return `${ours[ours.length - 1][1]}/${ours[ours.length - 1][2]}`;
  if (/\/bench\/dist\//.test(url)) return 'bench';
  return url;
}

/**
 * A part of the profile, in the profile's own clock (microseconds of CLOCK_MONOTONIC on Linux, the
 * clock of `process.hrtime()`), so that start-up can be left out.
 */
export interface TimeWindow {
  fromUs: number;
  toUs: number;
}

/** Milliseconds of self time per profile node: the time deltas of the samples that landed on it. */
function selfMsByNode(profile: CpuProfile, window?: TimeWindow): Map<number, number> {
  const self = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  if (samples?.length && timeDeltas?.length === samples.length) {
    // Each delta is the time before its sample; attribute it to the sample that ends the interval.
    let at = profile.startTime;
    for (let i = 0; i < samples.length; i++) {
      at += timeDeltas[i];
      if (window && (at < window.fromUs || at > window.toUs)) continue;
      self.set(samples[i], (self.get(samples[i]) ?? 0) + timeDeltas[i] / 1000);
    }
    return self;
  }
  const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const perHit = hits ? (profile.endTime - profile.startTime) / 1000 / hits : 0;
  for (const node of profile.nodes) self.set(node.id, (node.hitCount ?? 0) * perHit);
  return self;
}

/** Self time per function (same name and location merged), largest first. */
export function topFunctions(profile: CpuProfile, limit = 20, options: { includeIdle?: boolean; window?: TimeWindow } = {}): SelfTime[] {
  const self = selfMsByNode(profile, options.window);
  const byFunction = new Map<string, SelfTime>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (!options.includeIdle && functionName === '(idle)') continue;
    total += ms;
    const location = url ? `${url.replace(/^file:\/\//, '').replace(/^.*?\/(node_modules|apps|libs)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName}|${location}`;
    const entry = byFunction.get(key) ?? { name: `${functionName || '(anonymous)'}${location ? ` ${location}` : ''}`, group: groupOf(url, functionName), ms: 0, share: 0 };
    entry.ms += ms;
    byFunction.set(key, entry);
  }
  const rows = [...byFunction.values()].filter((row) => row.ms > 0).sort((a, b) => b.ms - a.ms).slice(0, limit);
  for (const row of rows) row.share = total ? row.ms / total : 0;
  return rows;
}

/** Self time per package or area, largest first (idle excluded). */
export function topGroups(profile: CpuProfile, limit = 15, window?: TimeWindow): SelfTime[] {
  const self = selfMsByNode(profile, window);
  const byGroup = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    if (node.callFrame.functionName === '(idle)') continue;
    const ms = self.get(node.id) ?? 0;
    total += ms;
    const group = groupOf(node.callFrame.url, node.callFrame.functionName);
    byGroup.set(group, (byGroup.get(group) ?? 0) + ms);
  }
  return [...byGroup.entries()]
    .map(([group, ms]) => ({ name: group, group, ms, share: total ? ms / total : 0 }))
    .filter((row) => row.ms > 0)
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit);
}

/** A plain-text summary: busy time, then the top packages and the top functions by self time. */
export function formatProfileSummary(title: string, profile: CpuProfile, limit = 20, window?: TimeWindow, requests?: number): string {
  const groups = topGroups(profile, 12, window);
  const functions = topFunctions(profile, limit, { window });
  const busy = topGroups(profile, Infinity, window).reduce((sum, g) => sum + g.ms, 0);
  const span = window ? Math.min(window.toUs, profile.endTime) - Math.max(window.fromUs, profile.startTime) : profile.endTime - profile.startTime;
  const line = (row: SelfTime) => `  ${row.ms.toFixed(0).padStart(7)} ms ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.name}`;
  return [
    `${title}: ${(span / 1e6).toFixed(1)} s ${window ? 'of load ' : ''}profiled, ${(busy / 1000).toFixed(1)} s on CPU (not idle)` +
      (requests ? `, ${requests} requests: ${(busy / requests).toFixed(3)} ms of CPU per request` : ''),
    ' by package (self time):',
    ...groups.map(line),
    ` top ${limit} functions (self time):`,
    ...functions.map((row) => `${line(row)}  [${row.group}]`),
  ].join('\n');
}
