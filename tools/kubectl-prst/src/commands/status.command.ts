import { EXIT_FAILED, EXIT_OK } from '../cli/cli-error.js';
import { emit, type Io } from '../cli/io.js';
import type { CliOptions } from '../cli/options.js';
import type { Session } from '../cli/session.js';
import type { Readiness, SuiteHealth } from '../gateway/gateway-api.js';
import type { WorkloadStatus } from '../kube/release.js';
import { json, table } from '../output/table.js';
import type { Command } from './command.js';

export interface DependencyState {
  state: 'ok' | 'error' | 'unknown';
  /** "StatefulSet prst-nats 1/1 ready", or "not in the release (external)". */
  workload: string;
  /** Whether the gateway reaches it (GET /readyz); undefined when the gateway did not answer. */
  reachableFromGateway?: boolean;
}

export interface StatusReport {
  release?: string;
  namespace?: string;
  gateway: string;
  healthy: boolean;
  problems: string[];
  workloads?: WorkloadStatus[];
  dependencies: { nats: DependencyState; postgresql: DependencyState };
  health?: SuiteHealth;
  /** Why the gateway could not be asked, when it could not. */
  gatewayError?: string;
}

export interface GatewayObservation {
  health?: SuiteHealth;
  readiness?: Readiness;
  error?: string;
}

const DEPENDENCY_COMPONENTS = { nats: ['nats'], postgresql: ['postgresql', 'postgres'] } as const;

/** Decides what is healthy from what Kubernetes and the gateway said; pure, so it is unit-tested. */
export function assessStatus(
  where: { release?: string; namespace?: string; gateway: string },
  workloads: WorkloadStatus[] | undefined,
  observed: GatewayObservation,
): StatusReport {
  const problems: string[] = [];
  for (const workload of workloads ?? []) {
    if (workload.desired === 0) problems.push(`${workload.kind} ${workload.name} is scaled to 0`);
    else if (workload.ready < workload.desired) {
      problems.push(`${workload.kind} ${workload.name}: ${workload.ready}/${workload.desired} ready`);
    }
  }
  if (observed.error) problems.push(observed.error);
  if (observed.health && observed.health.status !== 'ok') {
    for (const [service, state] of Object.entries(observed.health.services)) {
      if (state.status !== 'ok') problems.push(`service ${service}: ${state.error ?? 'not ok'}`);
    }
  }
  const dependency = (key: keyof typeof DEPENDENCY_COMPONENTS, reachable: boolean | undefined): DependencyState => {
    const workload = workloads?.find((candidate) => (DEPENDENCY_COMPONENTS[key] as readonly string[]).includes(candidate.component));
    const workloadOk = workload ? workload.desired > 0 && workload.ready >= workload.desired : undefined;
    const label = workload
      ? `${workload.kind} ${workload.name} ${workload.ready}/${workload.desired} ready`
      : workloads
        ? 'not in the release (external)'
        : 'not inspected (--server)';
    const state = workloadOk === false || reachable === false ? 'error' : reachable === undefined && workloadOk === undefined ? 'unknown' : 'ok';
    if (reachable === false) problems.push(`the gateway cannot reach ${key === 'nats' ? 'NATS' : 'PostgreSQL'}`);
    return { state, workload: label, reachableFromGateway: reachable };
  };
  const dependencies = {
    nats: dependency('nats', observed.readiness?.nats),
    postgresql: dependency('postgresql', observed.readiness?.database),
  };
  return {
    ...where,
    healthy: problems.length === 0,
    problems,
    workloads,
    dependencies,
    health: observed.health,
    gatewayError: observed.error,
  };
}

function yesNo(value: boolean | undefined): string {
  return value === undefined ? 'unknown' : value ? 'yes' : 'NO';
}

/** The readable form of a status report. */
export function renderStatus(report: StatusReport): string {
  const parts: string[] = [];
  const where = report.release ? `release ${report.release} in namespace ${report.namespace}` : `gateway ${report.gateway}`;
  parts.push(`Prst ${report.health?.version ?? ''} — ${where}\n`.replace('Prst  —', 'Prst —'));
  if (report.workloads) {
    parts.push(
      table(
        ['workload', 'kind', 'ready', 'restarts', 'images'],
        report.workloads.map((w) => [w.name, w.kind, `${w.ready}/${w.desired}`, String(w.restarts), w.images.join(', ')]),
      ),
    );
  }
  parts.push(
    table(
      ['dependency', 'state', 'workload', 'reached by gateway'],
      (['nats', 'postgresql'] as const).map((key) => {
        const dep = report.dependencies[key];
        return [key, dep.state, dep.workload, yesNo(dep.reachableFromGateway)];
      }),
    ),
  );
  if (report.health) {
    parts.push(
      table(
        ['service', 'status', 'version', 'error'],
        Object.entries(report.health.services).map(([name, s]) => [name, s.status, s.version ?? '', s.error ?? '']),
      ),
    );
  }
  const verdict = report.healthy ? 'HEALTHY' : `UNHEALTHY\n${report.problems.map((problem) => `  - ${problem}`).join('\n')}`;
  parts.push(`${verdict}\n`);
  return parts.join('\n');
}

/** Asks the gateway for /api/v1/health and /readyz; a failure becomes part of the report, not a crash. */
async function observeGateway(session: Session): Promise<GatewayObservation & { gateway?: string }> {
  try {
    const api = await session.gateway({ credential: false });
    const [health, readiness] = await Promise.all([api.health(), api.readiness()]);
    return { health, readiness, gateway: api.description };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

export const statusCommand: Command = {
  path: ['status'],
  usage: 'status [-n NAMESPACE] [--release NAME] [-o json]',
  summary: "the release's workloads, NATS, PostgreSQL and the gateway's health; exit 1 when unhealthy",
  async run(session: Session, options: CliOptions, io: Io): Promise<number> {
    const release = session.kube;
    let workloads: WorkloadStatus[] | undefined;
    if (release) {
      await release.assertNamespace();
      workloads = await release.workloads();
    }
    const observed = await observeGateway(session);
    const report = assessStatus(
      { release: release?.release, namespace: release?.namespace, gateway: observed.gateway ?? options.server ?? 'port-forward' },
      workloads,
      observed,
    );
    await emit(io, options.output === 'json' ? json(report) : renderStatus(report));
    return report.healthy ? EXIT_OK : EXIT_FAILED;
  },
};
