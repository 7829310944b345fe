// Objects of a Helm release of Prst as the chart creates them (Helm's standard labels), for the fake
// Kubernetes API server: six Deployments, NATS and PostgreSQL StatefulSets, their pods, the gateway
// Service and the Secret holding the admin API credential.
import type { FakeKubeApi } from './fake-kube-api.js';

export const APPS = ['gateway', 'prompt-executor', 'credential-vault', 'feedback', 'audit-log', 'support-notifier'];

export interface ReleaseOptions {
  release: string;
  namespace: string;
  /** The local port the gateway pod's container port 8080 really is (the running suite's gateway). */
  gatewayPort: number;
  apiKey?: string;
  /** Ready replicas per component when fewer than desired. */
  ready?: Record<string, number>;
  replicas?: Record<string, number>;
  restarts?: Record<string, number>;
}

export function addRelease(fake: FakeKubeApi, options: ReleaseOptions): void {
  const { release, namespace } = options;
  fake.namespaces.add(namespace);
  const labels = (component: string) => ({
    'app.kubernetes.io/name': 'prst',
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': 'Helm',
    'helm.sh/chart': 'prst-0.1.0',
  });
  const selector = (component: string) => ({
    'app.kubernetes.io/name': 'prst',
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/component': component,
  });
  const workload = (kind: 'deployments' | 'statefulsets', component: string, image: string) => {
    const name = `${release}-${component}`;
    const replicas = options.replicas?.[component] ?? (component === 'gateway' ? 2 : 1);
    const ready = options.ready?.[component] ?? replicas;
    const template = {
      metadata: { labels: labels(component) },
      spec: {
        containers: [
          { name: component, image, ports: component === 'gateway' ? [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] : [] },
        ],
      },
    };
    fake.add(kind, {
      metadata: { name, namespace, uid: `uid-${name}`, generation: 1, labels: labels(component) },
      spec: { replicas, selector: { matchLabels: selector(component) }, template },
      status:
        kind === 'deployments'
          ? { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: ready || undefined, availableReplicas: ready || undefined }
          : { observedGeneration: 1, replicas, readyReplicas: ready || undefined, currentReplicas: replicas },
    });
    for (let index = 0; index < replicas; index++) {
      const podName = kind === 'statefulsets' ? `${name}-${index}` : `${name}-7d9f8c6b5-${'abcdefghij'[index]}x${index}`;
      const isReady = index < ready;
      fake.add('pods', {
        metadata: { name: podName, namespace, uid: `uid-${podName}`, labels: { ...labels(component), 'pod-template-hash': '7d9f8c6b5' } },
        spec: template.spec,
        status: {
          phase: isReady ? 'Running' : 'Pending',
          conditions: [{ type: 'Ready', status: isReady ? 'True' : 'False' }],
          containerStatuses: [
            { name: component, image, ready: isReady, restartCount: index === 0 ? (options.restarts?.[component] ?? 0) : 0, started: isReady },
          ],
        },
      });
      if (component === 'gateway') fake.podPorts.set(`${namespace}/${podName}:8080`, options.gatewayPort);
    }
  };
  for (const app of APPS) workload('deployments', app, `registry.example.com/prst/${app}:0.1.0`);
  workload('statefulsets', 'nats', 'nats:2.10.22-alpine');
  workload('statefulsets', 'postgresql', 'postgres:16.4');
  fake.add('services', {
    metadata: { name: `${release}-gateway`, namespace, labels: labels('gateway') },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.12.34',
      selector: selector('gateway'),
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    },
  });
  fake.add('services', {
    metadata: { name: `${release}-nats`, namespace, labels: labels('nats') },
    spec: { type: 'ClusterIP', selector: selector('nats'), ports: [{ name: 'client', port: 4222, targetPort: 4222 }] },
  });
  if (options.apiKey) {
    fake.add('secrets', {
      metadata: { name: `${release}-kubectl-prst`, namespace, labels: { 'app.kubernetes.io/instance': release } },
      type: 'Opaque',
      data: { apiKey: Buffer.from(options.apiKey).toString('base64') },
    });
  }
}
