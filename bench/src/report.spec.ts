import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkTargets, markdownTable, median, summarize, type Measurement } from './report.js';

const cell = (scenario: Measurement['scenario'], round: number, requestsPerSecond: number, p50: number): Measurement => ({
  scenario,
  round,
  requestsPerSecond,
  p50,
  p90: p50 * 2,
  p99: p50 * 3,
  providerLatencyMs: 0,
  connections: 10,
  errors: round === 1 ? 1 : 0,
  requests: requestsPerSecond * 5,
  ok: requestsPerSecond * 5,
});

describe('benchmark report', () => {
  it('takes medians over rounds, sums errors, and derives added latency and the ratio to Portkey', () => {
    const rows = summarize([
      cell('direct', 1, 5000, 1), cell('direct', 2, 4000, 2), cell('direct', 3, 6000, 1.5),
      cell('portkey', 1, 200, 40), cell('portkey', 2, 300, 30), cell('portkey', 3, 250, 35),
      cell('proxy', 1, 500, 10), cell('proxy', 2, 600, 11), cell('proxy', 3, 700, 9),
    ]);
    assert.deepEqual(rows.map((r) => r.scenario), ['direct', 'portkey', 'proxy']);
    const proxy = rows[2];
    assert.equal(proxy.requestsPerSecond, 600);
    assert.equal(proxy.p50, 10);
    assert.equal(proxy.addedP50, 10 - 1.5);
    assert.equal(proxy.rpsVsPortkey, 600 / 250);
    assert.equal(proxy.errors, 1);
    assert.equal(rows[1].rpsVsPortkey, undefined);
  });

  it('ignores missing values in a median and answers NaN for none', () => {
    assert.equal(median([3, undefined, 1, NaN, 2]), 2);
    assert.equal(median([1, 2, 3, 4]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('lists an unavailable scenario with its reason, and judges the targets on the medians', () => {
    const rows = summarize([cell('direct', 1, 5000, 1), cell('portkey', 1, 200, 40), cell('execute-sync', 1, 250, 20)]);
    const table = markdownTable(rows, { proxy: 'answered 404 | route missing' });
    assert.match(table, /\| proxy \| – \| – \| not available .*answered 404 \/ route missing \|$/m);
    const checks = checkTargets(rows, [{ process: 'gateway', idleMiB: 120 }, { process: 'portkey', idleMiB: 300 }], { requests: 10, tasks: 10, auditEvents: 9 }, 0);
    const met = Object.fromEntries(checks.map((c) => [c.target.split(' ')[0] + ' ' + c.target.split(' ')[1], c.met]));
    assert.equal(met['proxy ≥'], undefined);
    assert.equal(met['sync execute'], true);
    assert.equal(met['every answered'], false);
    assert.equal(met['idle RSS'], true);
  });
});
