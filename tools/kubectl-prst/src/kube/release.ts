import {
  AppsV1Api,
  CoreV1Api,
  type V1Deployment,
  type V1LabelSelector,
  type V1Pod,
  type V1PodSpec,
  type V1Service,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import { CliError } from '../cli/cli-error.js';
import type { KubeTarget } from './kube-config.js';
import { KubeApiError, kubeCall } from './kube-errors.js';

/** Helm's standard labels, which the chart puts on every object of a release. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';

export interface WorkloadStatus {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  /** gateway, prompt-executor, …, nats, postgresql: the component label, else the name without the release prefix. */
  component: string;
  desired: number;
  ready: number;
  /** Container restarts summed over the workload's current pods. */
  restarts: number;
  images: string[];
}

/** Where a port-forward to the gateway goes: a ready pod behind the gateway Service and its container port. */
export interface GatewayEndpoint {
  service: string;
  pod: string;
  port: number;
}

function matches(labels: Record<string, string> | undefined, selector: V1LabelSelector | undefined): boolean {
  const wanted = selector?.matchLabels ?? {};
  // matchExpressions are not used by the chart; a selector with only those matches by instance label.
  return Object.entries(wanted).every(([key, value]) => labels?.[key] === value);
}

function isReady(pod: V1Pod): boolean {
  return pod.status?.phase === 'Running' && (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function imagesOf(spec: V1PodSpec | undefined): string[] {
  return [...new Set((spec?.containers ?? []).map((container) => container.image ?? '?'))];
}

/** Reads one Helm release of Prst from the API server (namespace, workloads, gateway, Secret). */
export class ReleaseInspector {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;

  constructor(
    private readonly target: KubeTarget,
    readonly release: string,
  ) {
    this.core = target.kc.makeApiClient(CoreV1Api);
    this.apps = target.kc.makeApiClient(AppsV1Api);
  }

  get namespace(): string {
    return this.target.namespace;
  }

  private call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return kubeCall(what, this.target.server, fn);
  }

  private namespaceChecked?: Promise<void>;

  /** Fails with "no such namespace" before anything else is asked, so later 404s mean the release. */
  assertNamespace(): Promise<void> {
    this.namespaceChecked ??= this.checkNamespace();
    return this.namespaceChecked;
  }

  private async checkNamespace(): Promise<void> {
    try {
      await this.call(`read namespace ${this.namespace}`, () => this.core.readNamespace({ name: this.namespace }));
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 404) {
        throw new CliError(`namespace "${this.namespace}" not found (context ${this.target.context})`, 'pass the namespace of the release with -n');
      }
      // Being unable to read Namespace objects is common (namespace-scoped Roles); the listing
      // calls below then say whether the namespace is usable.
      if (error instanceof KubeApiError && error.code === 403) return;
      throw error;
    }
  }

  /** The release's Deployments and StatefulSets with readiness, restarts and images. */
  async workloads(): Promise<WorkloadStatus[]> {
    const labelSelector = `${INSTANCE_LABEL}=${this.release}`;
    const namespace = this.namespace;
    const [deployments, statefulSets, pods] = await Promise.all([
      this.call(`list deployments in namespace ${namespace}`, () => this.apps.listNamespacedDeployment({ namespace, labelSelector })),
      this.call(`list statefulsets in namespace ${namespace}`, () => this.apps.listNamespacedStatefulSet({ namespace, labelSelector })),
      this.call(`list pods in namespace ${namespace}`, () => this.core.listNamespacedPod({ namespace, labelSelector })),
    ]);
    const workloads = [
      ...deployments.items.map((item) => this.describe('Deployment', item, pods.items)),
      ...statefulSets.items.map((item) => this.describe('StatefulSet', item, pods.items)),
    ];
    if (!workloads.length) throw this.noRelease();
    return workloads.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The gateway Service of the release, and a ready pod behind it with the container port to forward to. */
  async gatewayEndpoint(): Promise<GatewayEndpoint> {
    const namespace = this.namespace;
    const services = await this.call(`list services in namespace ${namespace}`, () =>
      this.core.listNamespacedService({ namespace, labelSelector: `${INSTANCE_LABEL}=${this.release}` }),
    );
    const service = services.items.find((item) => this.componentOf(item) === 'gateway');
    if (!service) {
      if (!services.items.length) throw this.noRelease();
      throw new CliError(`release "${this.release}" has no gateway Service in namespace ${namespace}`);
    }
    const name = service.metadata?.name ?? '?';
    const servicePort = service.spec?.ports?.find((port) => port.name === 'http') ?? service.spec?.ports?.[0];
    const selector = service.spec?.selector;
    if (!servicePort || !selector) throw new CliError(`Service ${name} has no port or selector to forward to`);
    const labelSelector = Object.entries(selector).map(([key, value]) => `${key}=${value}`).join(',');
    const pods = await this.call(`list pods in namespace ${namespace}`, () => this.core.listNamespacedPod({ namespace, labelSelector }));
    const pod = pods.items.find(isReady);
    if (!pod) {
      throw new CliError(
        `gateway unreachable: no ready pod behind Service ${name} (${pods.items.length} pod(s) found)`,
        'see `kubectl prst status` and the gateway pods\' events',
      );
    }
    return { service: name, pod: pod.metadata?.name ?? '?', port: this.containerPort(pod, servicePort.targetPort ?? servicePort.port) };
  }

  /** One value of a Secret, decoded; the value is returned to the caller only, never printed. */
  async secretValue(name: string, key: string): Promise<string> {
    const namespace = this.namespace;
    let secret;
    try {
      secret = await this.call(`read secret ${name} in namespace ${namespace}`, () => this.core.readNamespacedSecret({ name, namespace }));
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 404) {
        throw new CliError(
          `Secret "${name}" not found in namespace ${namespace}`,
          `create it from an admin API credential: kubectl -n ${namespace} create secret generic ${name} --from-literal=${key}=<key>` +
            ' (or pass --api-key-secret, or set PRST_API_KEY)',
        );
      }
      throw error;
    }
    const encoded = secret.data?.[key];
    if (!encoded) {
      // Key names are not secret; listing them helps pick --api-key-secret-key.
      const keys = Object.keys(secret.data ?? {});
      throw new CliError(`Secret "${name}" has no key "${key}" (keys: ${keys.join(', ') || 'none'})`, 'pass --api-key-secret-key');
    }
    return Buffer.from(encoded, 'base64').toString('utf8').trim();
  }

  componentOf(object: V1Deployment | V1StatefulSet | V1Service): string {
    const labelled = object.metadata?.labels?.[COMPONENT_LABEL];
    if (labelled) return labelled;
    const name = object.metadata?.name ?? '';
    // Fall back to the name: "<release>-gateway" or "<release>-prst-gateway" → "gateway".
    return name.replace(new RegExp(`^${this.release}-(prst-)?`), '');
  }

  private describe(kind: WorkloadStatus['kind'], item: V1Deployment | V1StatefulSet, pods: V1Pod[]): WorkloadStatus {
    const own = pods.filter((pod) => matches(pod.metadata?.labels, item.spec?.selector));
    const restarts = own.reduce(
      (sum, pod) => sum + (pod.status?.containerStatuses ?? []).reduce((s, container) => s + (container.restartCount ?? 0), 0),
      0,
    );
    return {
      kind,
      name: item.metadata?.name ?? '?',
      component: this.componentOf(item),
      desired: item.spec?.replicas ?? 1,
      ready: item.status?.readyReplicas ?? 0,
      restarts,
      images: imagesOf(item.spec?.template?.spec),
    };
  }

  private containerPort(pod: V1Pod, target: number | string): number {
    if (typeof target === 'number') return target;
    if (/^\d+$/.test(target)) return Number(target);
    for (const container of pod.spec?.containers ?? []) {
      const port = container.ports?.find((candidate) => candidate.name === target);
      if (port) return port.containerPort;
    }
    throw new CliError(`pod ${pod.metadata?.name} has no container port named "${target}"`);
  }

  private noRelease(): CliError {
    return new CliError(
      `release "${this.release}" not found in namespace ${this.namespace}: no workloads labelled ${INSTANCE_LABEL}=${this.release}`,
      'pass --release <name> and -n <namespace> as given to helm install (see `helm list -A`)',
    );
  }
}
