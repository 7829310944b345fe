/**
 * Which connections a set of Kubernetes NetworkPolicies (networking.k8s.io/v1) allows, computed with the
 * API's semantics:
 * - a policy selects the pods of its own namespace that match `spec.podSelector` (empty = all);
 * - `policyTypes` says which directions it isolates; when absent, Ingress always and Egress only if the
 *   policy has an `egress` section;
 * - a pod that no policy isolates in a direction allows everything in that direction; a pod that is
 *   isolated allows only what some rule of some policy selecting it allows (rules add up, nothing subtracts);
 * - a rule with no (or empty) `from`/`to` matches every peer, with no (or empty) `ports` every port;
 * - a peer's `podSelector` alone means pods of the policy's namespace, `namespaceSelector` alone every pod
 *   of the matching namespaces, both together the matching pods in the matching namespaces;
 *   `ipBlock` matches addresses in `cidr` that are in none of `except`;
 * - a port is a number or the name of a container port of the destination pod, with `protocol`
 *   (default TCP) and an optional `endPort` range;
 * - a connection is allowed only when the source's egress AND the destination's ingress allow it.
 */

export type Labels = Record<string, string>;

export interface LabelSelector {
  matchLabels?: Labels | null;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[] | null;
}

export interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: Protocol;
}

export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicy {
  metadata: { name?: string; namespace?: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: { from?: PolicyPeer[]; ports?: PolicyPort[] }[] | null;
    egress?: { to?: PolicyPeer[]; ports?: PolicyPort[] }[] | null;
  };
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface Pod {
  name: string;
  namespace: string;
  labels: Labels;
  /** The pod's address, matched by ipBlock peers like any other address. */
  ip?: string;
  /** Named container ports, for policies that name a port. */
  ports?: { name?: string; containerPort: number; protocol?: Protocol }[];
}

/** One end of a connection: a pod of the cluster or an address outside it. */
export type Endpoint = { pod: Pod } | { ip: string };

export interface Namespace {
  name: string;
  labels: Labels;
}

export interface Target {
  port: number;
  protocol: Protocol;
}

/** True when the labels satisfy the selector; an empty selector matches everything. */
export function selectorMatches(selector: LabelSelector | undefined | null, labels: Labels): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, expression.key);
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(labels[expression.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[expression.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown selector operator ${String((expression as { operator: unknown }).operator)}`);
    }
  }
  return true;
}

function ipv4ToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) {
    throw new Error(`not an IPv4 address: ${ip}`);
  }
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** True when the IPv4 address lies in the CIDR range. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`bad CIDR ${cidr}`);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return ((ipv4ToInt(base) & mask) >>> 0) === ((ipv4ToInt(ip) & mask) >>> 0);
}

export class NetworkPolicyEvaluator {
  private readonly namespaces: Map<string, Labels>;

  constructor(
    private readonly policies: NetworkPolicy[],
    namespaces: Namespace[],
    /** The namespace of policies whose metadata has none (as `kubectl apply -n` would give them). */
    private readonly defaultNamespace = 'default',
  ) {
    this.namespaces = new Map(namespaces.map((namespace) => [namespace.name, namespace.labels]));
  }

  /** True when `from` may open a connection to `to` on the port: egress of the source and ingress of the destination. */
  allows(from: Endpoint, to: Endpoint, target: Target): boolean {
    const egressOk = 'pod' in from ? this.egressAllows(from.pod, to, target) : true;
    const ingressOk = 'pod' in to ? this.ingressAllows(to.pod, from, target) : true;
    return egressOk && ingressOk;
  }

  ingressAllows(pod: Pod, from: Endpoint, target: Target): boolean {
    const isolating = this.policiesIsolating(pod, 'Ingress');
    if (isolating.length === 0) return true;
    return isolating.some((policy) =>
      (policy.spec.ingress ?? []).some(
        (rule) => this.peersMatch(rule.from, policy, from) && this.portsMatch(rule.ports, pod, target),
      ),
    );
  }

  egressAllows(pod: Pod, to: Endpoint, target: Target): boolean {
    const isolating = this.policiesIsolating(pod, 'Egress');
    if (isolating.length === 0) return true;
    const destination = 'pod' in to ? to.pod : undefined;
    return isolating.some((policy) =>
      (policy.spec.egress ?? []).some(
        (rule) => this.peersMatch(rule.to, policy, to) && this.portsMatch(rule.ports, destination, target),
      ),
    );
  }

  private namespaceOf(policy: NetworkPolicy): string {
    return policy.metadata.namespace ?? this.defaultNamespace;
  }

  private policiesIsolating(pod: Pod, direction: 'Ingress' | 'Egress'): NetworkPolicy[] {
    return this.policies.filter((policy) => {
      if (this.namespaceOf(policy) !== pod.namespace) return false;
      if (!selectorMatches(policy.spec.podSelector, pod.labels)) return false;
      const types = policy.spec.policyTypes ?? (policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
      return types.includes(direction);
    });
  }

  private peersMatch(peers: PolicyPeer[] | undefined, policy: NetworkPolicy, endpoint: Endpoint): boolean {
    if (!peers || peers.length === 0) return true;
    return peers.some((peer) => this.peerMatches(peer, policy, endpoint));
  }

  private peerMatches(peer: PolicyPeer, policy: NetworkPolicy, endpoint: Endpoint): boolean {
    if (peer.ipBlock) {
      const ip = 'pod' in endpoint ? endpoint.pod.ip : endpoint.ip;
      if (!ip) return false;
      return cidrContains(peer.ipBlock.cidr, ip) && !(peer.ipBlock.except ?? []).some((cidr) => cidrContains(cidr, ip));
    }
    if (!('pod' in endpoint)) return false; // selectors match pods only, never outside addresses
    const pod = endpoint.pod;
    if (peer.namespaceSelector) {
      const labels = this.namespaces.get(pod.namespace);
      if (!labels) throw new Error(`namespace ${pod.namespace} of pod ${pod.name} is not declared`);
      if (!selectorMatches(peer.namespaceSelector, labels)) return false;
    } else if (pod.namespace !== this.namespaceOf(policy)) {
      return false;
    }
    return peer.podSelector ? selectorMatches(peer.podSelector, pod.labels) : true;
  }

  private portsMatch(ports: PolicyPort[] | undefined, destination: Pod | undefined, target: Target): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((port) => {
      if ((port.protocol ?? 'TCP') !== target.protocol) return false;
      if (port.port === undefined) return true;
      if (typeof port.port === 'string') {
        const named = destination?.ports?.find((candidate) => candidate.name === port.port);
        return named !== undefined && named.containerPort === target.port && (named.protocol ?? 'TCP') === target.protocol;
      }
      const end = port.endPort ?? port.port;
      return target.port >= port.port && target.port <= end;
    });
  }
}
