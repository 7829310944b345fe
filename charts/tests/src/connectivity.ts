import { NetworkPolicyEvaluator, type Namespace, type NetworkPolicy, type Pod, type Protocol } from './network-policy.js';
import { podSpecOf, type KubeObject } from './render.js';

/** A place traffic can go to: a pod of the cluster with its ports, or an address outside with the ports tried. */
export interface Destination {
  name: string;
  endpoint: { pod: Pod } | { ip: string };
  ports: { port: number; protocol: Protocol }[];
}

/** A pod of each workload the chart renders, with its template's labels and container ports. */
export function podsOf(objects: KubeObject[], namespace: string): Pod[] {
  const pods: Pod[] = [];
  for (const object of objects) {
    const template = podSpecOf(object);
    if (!template) continue;
    const name = template.metadata.labels?.['app.kubernetes.io/component'] ?? object.metadata.name;
    // Two pods of a replicated StatefulSet (the NATS cluster) so traffic between its members shows.
    const names = object.kind === 'StatefulSet' && object.spec.replicas > 1 ? [`${name}-0`, `${name}-1`] : [name];
    for (const podName of names) {
      pods.push({
        name: podName,
        namespace,
        labels: template.metadata.labels ?? {},
        ip: `10.244.${pods.length}.10`,
        ports: (template.spec.containers as { ports?: Pod['ports'] }[]).flatMap((container) => container.ports ?? []),
      });
    }
  }
  return pods;
}

/**
 * Every (source → destination:port/protocol) the policies allow, as sorted strings such as
 * "gateway -> nats:4222/TCP". Sources are the pods; destinations are the pods' own container ports and
 * the outside addresses with the ports listed for them.
 */
export function connectivityMatrix(
  policies: NetworkPolicy[],
  namespaces: Namespace[],
  sources: Pod[],
  destinations: Destination[],
): string[] {
  const evaluator = new NetworkPolicyEvaluator(policies, namespaces);
  const allowed: string[] = [];
  for (const source of sources) {
    for (const destination of destinations) {
      if ('pod' in destination.endpoint && destination.endpoint.pod === source) continue;
      for (const target of destination.ports) {
        if (evaluator.allows({ pod: source }, destination.endpoint, target)) {
          allowed.push(`${source.name} -> ${destination.name}:${target.port}/${target.protocol}`);
        }
      }
    }
  }
  return allowed.sort();
}

/** A pod as a destination, trying each of its container ports. */
export function podDestination(pod: Pod): Destination {
  return {
    name: pod.name,
    endpoint: { pod },
    ports: (pod.ports ?? []).map((port) => ({ port: port.containerPort, protocol: port.protocol ?? 'TCP' })),
  };
}
