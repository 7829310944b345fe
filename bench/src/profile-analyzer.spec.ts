import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatProfileSummary, groupOf, topFunctions, topGroups, type CpuProfile } from './profile-analyzer.js';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

/** Root → handler (ours) → JSON work in a package; plus GC and idle; samples 1 ms apart unless said. */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', '') },
    { id: 2, callFrame: frame('handle', 'file:///repo/apps/gateway/dist/src/http/handler.js', 9) },
    { id: 3, callFrame: frame('parse', 'file:///repo/node_modules/@nestjs/core/router.js', 41) },
    { id: 4, callFrame: frame('parse', 'file:///repo/node_modules/a/node_modules/fast-json/index.js', 1) },
    { id: 5, callFrame: frame('(garbage collector)', '') },
    { id: 6, callFrame: frame('(idle)', '') },
    { id: 7, callFrame: frame('writeHead', 'node:_http_server', 3) },
  ],
  startTime: 0,
  endTime: 10_000,
  samples: [2, 3, 3, 4, 5, 6, 6, 6, 7, 3],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 2000],
};

describe('CPU profile analyzer', () => {
  it('names the package of a script, the innermost node_modules folder winning', () => {
    assert.equal(groupOf('file:///r/node_modules/@nestjs/core/x.js', 'f'), '@nestjs/core');
    assert.equal(groupOf('file:///r/node_modules/a/node_modules/b/x.js', 'f'), 'b');
    assert.equal(groupOf('file:///r/libs/messaging/dist/src/rpc-client.js', 'f'), 'libs/messaging');
    assert.equal(groupOf('file:///work/bench/apps/gateway/dist/src/main.js', 'f'), 'apps/gateway');
    assert.equal(groupOf('file:///work/bench/bench/dist/src/exit-hook.js', 'f'), 'bench');
    assert.equal(groupOf('node:internal/streams', 'f'), 'node');
    assert.equal(groupOf('', '(garbage collector)'), '(garbage collector)');
  });

  it('adds the sample intervals of each function as its self time, idle left out, largest first', () => {
    const top = topFunctions(profile, 3);
    assert.equal(top[0].name, 'parse node_modules/@nestjs/core/router.js:42');
    assert.equal(top[0].ms, 4);
    assert.equal(top[0].group, '@nestjs/core');
    assert.equal(top.length, 3);
    assert.ok(Math.abs(top[0].share - 4 / 8) < 1e-9);
    assert.ok(!topFunctions(profile, 20).some((row) => row.name.startsWith('(idle)')));
  });

  it('counts only the samples inside a time window (start-up left out)', () => {
    // Samples end at 1000, 2000, … 9000 and 11000 µs; keep 3500–8500: samples 4..8 (4, 5, 6, 6, 6).
    const top = topFunctions(profile, 5, { window: { fromUs: 3500, toUs: 8500 } });
    assert.deepEqual(top.map((row) => [row.name, row.ms]), [['parse node_modules/a/node_modules/fast-json/index.js:2', 1], ['(garbage collector)', 1]]);
  });

  it('sums self time per package and prints both tables', () => {
    assert.deepEqual(topGroups(profile).map((g) => [g.group, g.ms]), [
      ['@nestjs/core', 4],
      ['apps/gateway', 1],
      ['fast-json', 1],
      ['(garbage collector)', 1],
      ['node', 1],
    ]);
    const text = formatProfileSummary('gateway.cpuprofile', profile, 5);
    assert.match(text, /^gateway\.cpuprofile: 0\.0 s profiled, 0\.0 s on CPU/);
    assert.match(text, /4 ms\s+50\.0%\s+@nestjs\/core/);
  });
});
