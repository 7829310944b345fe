import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { restrictedViolations } from './pod-security.js';

const compliant = () => ({
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [
    {
      name: 'app',
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    },
  ],
  volumes: [{ name: 'tmp', emptyDir: {} }],
});

describe('restrictedViolations', () => {
  it('accepts a restricted pod with a read-only root filesystem', () => {
    assert.deepEqual(restrictedViolations(compliant()), []);
  });

  it('names each violation', () => {
    const spec = compliant();
    Object.assign(spec, { hostNetwork: true });
    spec.securityContext = { runAsNonRoot: false, runAsUser: 0, seccompProfile: { type: 'Unconfined' } };
    spec.containers[0].securityContext = {
      allowPrivilegeEscalation: true,
      readOnlyRootFilesystem: false,
      capabilities: { drop: [] },
    };
    (spec.containers[0].securityContext.capabilities as { add?: string[] }).add = ['NET_ADMIN'];
    spec.volumes.push({ name: 'host', hostPath: { path: '/' } } as never);
    assert.deepEqual(restrictedViolations(spec), [
      'hostNetwork is true',
      'volume host has type hostPath',
      'pod runAsUser is 0',
      'container app does not set allowPrivilegeEscalation: false',
      'container app may run as root (runAsNonRoot not true)',
      'container app has no RuntimeDefault/Localhost seccomp profile',
      'container app does not drop ALL capabilities',
      'container app adds capability NET_ADMIN',
      'container app has a writable root filesystem',
    ]);
  });

  it('checks init containers too', () => {
    const spec = compliant() as ReturnType<typeof compliant> & { initContainers?: unknown[] };
    spec.initContainers = [{ name: 'init' }];
    assert.ok(restrictedViolations(spec).includes('container init does not set allowPrivilegeEscalation: false'));
  });
});
