import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkloadStatus } from '../kube/release.js';
import { assessStatus, renderStatus } from './status.command.js';

const workload = (name: string, component: string, ready: number, desired = 1, kind: WorkloadStatus['kind'] = 'Deployment'): WorkloadStatus => ({
  kind,
  name,
  component,
  ready,
  desired,
  restarts: 0,
  images: [`img/${component}:1`],
});

const healthy = {
  health: { status: 'ok' as const, version: '0.1.0', services: { gateway: { status: 'ok' as const, version: '0.1.0' } } },
  readiness: { nats: true, database: true },
};

describe('assessStatus', () => {
  it('is healthy when every workload is ready and the gateway reaches everything', () => {
    const report = assessStatus({ release: 'prst', namespace: 'ns', gateway: 'x' }, [workload('prst-gateway', 'gateway', 2, 2), workload('prst-nats', 'nats', 1, 1, 'StatefulSet')], healthy);
    assert.equal(report.healthy, true);
    assert.deepEqual(report.problems, []);
    assert.equal(report.dependencies.nats.state, 'ok');
    assert.equal(report.dependencies.nats.workload, 'StatefulSet prst-nats 1/1 ready');
    assert.equal(report.dependencies.postgresql.workload, 'not in the release (external)');
  });

  it('names unready and scaled-down workloads, failing services and unreachable dependencies', () => {
    const report = assessStatus(
      { release: 'prst', namespace: 'ns', gateway: 'x' },
      [workload('prst-gateway', 'gateway', 1, 2), workload('prst-feedback', 'feedback', 0, 0), workload('prst-postgresql', 'postgresql', 0, 1, 'StatefulSet')],
      {
        health: { status: 'error', version: '0.1.0', services: { feedback: { status: 'error', error: 'no responders' } } },
        readiness: { nats: false, database: false },
      },
    );
    assert.equal(report.healthy, false);
    assert.deepEqual(report.problems, [
      'Deployment prst-gateway: 1/2 ready',
      'Deployment prst-feedback is scaled to 0',
      'StatefulSet prst-postgresql: 0/1 ready',
      'service feedback: no responders',
      'the gateway cannot reach NATS',
      'the gateway cannot reach PostgreSQL',
    ]);
    assert.equal(report.dependencies.postgresql.state, 'error');
    assert.match(renderStatus(report), /^UNHEALTHY\n {2}- Deployment prst-gateway: 1\/2 ready$/m);
  });

  it('is unhealthy when the gateway could not be asked', () => {
    const report = assessStatus({ gateway: 'http://x' }, undefined, { error: 'gateway unreachable: …' });
    assert.equal(report.healthy, false);
    assert.equal(report.dependencies.nats.state, 'unknown');
    assert.deepEqual(report.problems, ['gateway unreachable: …']);
  });
});
