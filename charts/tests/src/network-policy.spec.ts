import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NetworkPolicyEvaluator, cidrContains, type NetworkPolicy, type Pod } from './network-policy.js';

const namespaces = [
  { name: 'app', labels: { 'kubernetes.io/metadata.name': 'app', team: 'a' } },
  { name: 'other', labels: { 'kubernetes.io/metadata.name': 'other', team: 'b' } },
];
const pod = (name: string, namespace: string, labels: Record<string, string>, extra: Partial<Pod> = {}) => ({
  pod: { name, namespace, labels, ...extra },
});
const web = pod('web', 'app', { role: 'web' }, { ip: '10.0.0.1', ports: [{ name: 'http', containerPort: 8080 }] });
const db = pod('db', 'app', { role: 'db' }, { ip: '10.0.0.2' });
const client = pod('client', 'app', { role: 'client' }, { ip: '10.0.0.3' });
const foreign = pod('foreign', 'other', { role: 'client' }, { ip: '10.0.1.3' });
const tcp = (port: number) => ({ port, protocol: 'TCP' as const });
const policy = (spec: NetworkPolicy['spec'], namespace = 'app'): NetworkPolicy => ({ metadata: { name: 'p', namespace }, spec });
const evaluate = (...policies: NetworkPolicy[]) => new NetworkPolicyEvaluator(policies, namespaces);

describe('NetworkPolicyEvaluator', () => {
  describe('allows', () => {
    it('allows everything when no policy selects either pod', () => {
      const evaluator = evaluate(policy({ podSelector: { matchLabels: { role: 'db' } }, policyTypes: ['Ingress'] }));
      assert.equal(evaluator.allows(client, web, tcp(8080)), true);
      assert.equal(evaluator.allows(client, { ip: '8.8.8.8' }, tcp(443)), true);
    });

    it('denies what no rule allows once a policy selects the pod', () => {
      const evaluator = evaluate(policy({ podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Ingress'] }));
      assert.equal(evaluator.allows(client, web, tcp(8080)), false);
      assert.equal(evaluator.allows(client, db, tcp(5432)), true, 'an unselected pod stays open');
    });

    it('isolates only the directions named in policyTypes, and defaults them from the sections present', () => {
      const ingressOnly = evaluate(policy({ podSelector: {}, policyTypes: ['Ingress'] }));
      assert.equal(ingressOnly.allows(web, { ip: '8.8.8.8' }, tcp(443)), true, 'egress is not isolated');
      assert.equal(ingressOnly.allows(client, web, tcp(8080)), false);

      const defaulted = evaluate(policy({ podSelector: {}, egress: [] }));
      assert.equal(defaulted.allows(web, { ip: '8.8.8.8' }, tcp(443)), false, 'an egress section isolates egress');
      assert.equal(defaulted.allows(client, web, tcp(8080)), false, 'ingress is always isolated without policyTypes');

      const noTypes = evaluate(policy({ podSelector: {} }));
      assert.equal(noTypes.allows(web, { ip: '8.8.8.8' }, tcp(443)), true, 'no egress section: egress stays open');
    });

    it('requires both the egress of the source and the ingress of the destination', () => {
      const egressOpen = policy({ podSelector: { matchLabels: { role: 'client' } }, policyTypes: ['Egress'], egress: [{}] });
      const ingressClosed = policy({ podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Ingress'] });
      assert.equal(evaluate(egressOpen, ingressClosed).allows(client, web, tcp(8080)), false);

      const egressClosed = policy({ podSelector: { matchLabels: { role: 'client' } }, policyTypes: ['Egress'] });
      const ingressOpen = policy({ podSelector: { matchLabels: { role: 'web' } }, policyTypes: ['Ingress'], ingress: [{}] });
      assert.equal(evaluate(egressClosed, ingressOpen).allows(client, web, tcp(8080)), false);
      assert.equal(evaluate(egressOpen, ingressOpen).allows(client, web, tcp(8080)), true);
    });

    it('adds up the rules of every policy that selects a pod', () => {
      const fromClient = policy({
        podSelector: { matchLabels: { role: 'web' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }] }],
      });
      const fromDb = policy({
        podSelector: { matchLabels: { role: 'web' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { role: 'db' } } }] }],
      });
      const evaluator = evaluate(fromClient, fromDb);
      assert.equal(evaluator.allows(client, web, tcp(8080)), true);
      assert.equal(evaluator.allows(db, web, tcp(8080)), true);
      assert.equal(evaluator.allows(web, web, tcp(8080)), false);
    });
  });

  describe('peers', () => {
    it('matches a podSelector peer only in the policy namespace', () => {
      const evaluator = evaluate(
        policy({ podSelector: { matchLabels: { role: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }] }] }),
      );
      assert.equal(evaluator.allows(client, web, tcp(8080)), true);
      assert.equal(evaluator.allows(foreign, web, tcp(8080)), false, 'same labels in another namespace');
    });

    it('matches a namespaceSelector peer against the namespace labels, for every pod in it', () => {
      const evaluator = evaluate(
        policy({ podSelector: { matchLabels: { role: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'b' } } }] }] }),
      );
      assert.equal(evaluator.allows(foreign, web, tcp(8080)), true);
      assert.equal(evaluator.allows(client, web, tcp(8080)), false, 'the own namespace does not match team=b');
    });

    it('ANDs namespaceSelector and podSelector within one peer, ORs separate peers', () => {
      const both = evaluate(
        policy({
          podSelector: { matchLabels: { role: 'web' } },
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'b' } }, podSelector: { matchLabels: { role: 'db' } } }] }],
        }),
      );
      assert.equal(both.allows(foreign, web, tcp(8080)), false, 'namespace matches, pod does not');
      const either = evaluate(
        policy({
          podSelector: { matchLabels: { role: 'web' } },
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'b' } } }, { podSelector: { matchLabels: { role: 'db' } } }] }],
        }),
      );
      assert.equal(either.allows(foreign, web, tcp(8080)), true);
      assert.equal(either.allows(db, web, tcp(8080)), true);
      assert.equal(either.allows(client, web, tcp(8080)), false);
    });

    it('evaluates matchExpressions (In, NotIn, Exists, DoesNotExist)', () => {
      const with_ = (operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values?: string[]) =>
        evaluate(
          policy({
            podSelector: { matchLabels: { role: 'web' } },
            ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'role', operator, values }] } }] }],
          }),
        );
      assert.equal(with_('In', ['client', 'x']).allows(client, web, tcp(8080)), true);
      assert.equal(with_('In', ['x']).allows(client, web, tcp(8080)), false);
      assert.equal(with_('NotIn', ['client']).allows(client, web, tcp(8080)), false);
      assert.equal(with_('NotIn', ['db']).allows(client, web, tcp(8080)), true);
      assert.equal(with_('Exists').allows(client, web, tcp(8080)), true);
      assert.equal(with_('DoesNotExist').allows(client, web, tcp(8080)), false);
    });

    it('matches an ipBlock by CIDR, minus its except ranges, and never by selectors', () => {
      const evaluator = evaluate(
        policy({
          podSelector: { matchLabels: { role: 'client' } },
          policyTypes: ['Egress'],
          egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }] }],
        }),
      );
      assert.equal(evaluator.allows(client, { ip: '203.0.113.5' }, tcp(443)), true);
      assert.equal(evaluator.allows(client, { ip: '203.0.113.200' }, tcp(443)), false, 'inside except');
      assert.equal(evaluator.allows(client, { ip: '198.51.100.1' }, tcp(443)), false, 'outside the CIDR');
      assert.equal(evaluator.allows(client, web, tcp(8080)), false, 'a pod outside the CIDR');
      const selectors = evaluate(
        policy({ podSelector: { matchLabels: { role: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }] }] }),
      );
      assert.equal(selectors.allows(client, { ip: '8.8.8.8' }, tcp(443)), false, 'an empty namespaceSelector means all pods, not the internet');
      assert.equal(selectors.allows(client, foreign, tcp(443)), true);
    });
  });

  describe('ports', () => {
    it('matches port numbers, ranges with endPort, protocols (default TCP) and named ports', () => {
      const evaluator = evaluate(
        policy({
          podSelector: { matchLabels: { role: 'web' } },
          ingress: [{ ports: [{ port: 'http' }, { port: 9000, endPort: 9002 }, { port: 53, protocol: 'UDP' }] }],
        }),
      );
      assert.equal(evaluator.allows(client, web, tcp(8080)), true, 'named port http = 8080');
      assert.equal(evaluator.allows(client, web, tcp(9001)), true);
      assert.equal(evaluator.allows(client, web, tcp(9003)), false);
      assert.equal(evaluator.allows(client, web, { port: 53, protocol: 'UDP' }), true);
      assert.equal(evaluator.allows(client, web, tcp(53)), false, 'protocol must match');
      assert.equal(evaluator.allows(client, web, { port: 8080, protocol: 'UDP' }), false);
    });

    it('treats a rule without ports as every port', () => {
      const evaluator = evaluate(policy({ podSelector: { matchLabels: { role: 'web' } }, ingress: [{ from: [{ podSelector: {} }] }] }));
      assert.equal(evaluator.allows(client, web, tcp(1)), true);
      assert.equal(evaluator.allows(client, web, { port: 65535, protocol: 'UDP' }), true);
    });
  });
});

describe('cidrContains', () => {
  it('handles /0, /32 and boundaries', () => {
    assert.equal(cidrContains('0.0.0.0/0', '8.8.8.8'), true);
    assert.equal(cidrContains('10.0.0.1/32', '10.0.0.1'), true);
    assert.equal(cidrContains('10.0.0.1/32', '10.0.0.2'), false);
    assert.equal(cidrContains('160.79.104.0/23', '160.79.105.255'), true);
    assert.equal(cidrContains('160.79.104.0/23', '160.79.106.0'), false);
  });
});
