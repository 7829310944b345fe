import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { APP_NAMES } from '@prst/contracts';
import { ensureNatsServer } from '@prst/local-infra';
import { connectivityMatrix, podDestination, podsOf, type Destination } from '../src/connectivity.js';
import { validateKubeObject } from '../src/kube-schema.js';
import type { NetworkPolicy, Pod } from '../src/network-policy.js';
import { restrictedViolations } from '../src/pod-security.js';
import { lintChart, podSpecOf, renderChart, scenarios, type KubeObject } from '../src/render.js';
import { chartDir, repoRoot } from '../src/tools.js';

/**
 * Variables the chart already sets for features that are being built (issue list of the project) but that
 * the service does not declare yet. Each entry leaves this list when its service declares it; a name here
 * that no service will ever read is a typo the test cannot see, so keep the list short.
 */
const PENDING_VARIABLES: Partial<Record<string, string[]>> = {
  gateway: ['ROOT_EMAIL', 'ROOT_PASSWORD', 'JWT_SECRET'],
  'credential-vault': ['ENCRYPTION_SECRET', 'ENCRYPTION_SECRET_PREVIOUS'],
  'audit-log': ['AUDIT_SIGNING_KEY'],
};
// Read by node-postgres, not by our configuration: the database password beside a DATABASE_URL without one.
const DRIVER_VARIABLES = ['PGPASSWORD'];

interface DeclaredVariable {
  parse(raw: string | undefined): unknown;
}

/** The environment schema a service declares in apps/<app>/src/config/<app>-env.ts (compiled). */
async function envSchemaOf(app: string): Promise<Record<string, DeclaredVariable>> {
  const module = (await import(pathToFileURL(path.join(repoRoot, 'apps', app, 'dist', 'src', 'config', `${app}-env.js`)).href)) as Record<string, unknown>;
  const [schema] = Object.entries(module).filter(([name]) => name.endsWith('EnvSchema')).map(([, value]) => value);
  assert.ok(schema, `apps/${app}/src/config/${app}-env.ts exports a *EnvSchema`);
  return schema as Record<string, DeclaredVariable>;
}

const NAMESPACE = 'prst';
const SERVICES = [...APP_NAMES];

/** What each scenario file promises; the expected connectivity follows from it. */
interface Expectation {
  bundledDatabase: boolean;
  /** Bundled NATS servers; 0 means the external NATS of ci/external-nats-values.yaml. */
  natsServers: number;
  providerCidrs: boolean;
  modelServer: boolean;
  otlpCollector: boolean;
  supportCidrs: boolean;
  cilium: boolean;
  /** Secrets the scenario expects to exist outside the chart. */
  existingSecrets: string[];
}
const base: Expectation = {
  bundledDatabase: true,
  natsServers: 1,
  providerCidrs: true,
  modelServer: false,
  otlpCollector: false,
  supportCidrs: false,
  cilium: false,
  existingSecrets: [],
};
const EXPECTATIONS: Record<string, Expectation> = {
  default: { ...base, modelServer: true, otlpCollector: true },
  'external-database': { ...base, bundledDatabase: false, existingSecrets: ['prst-database'] },
  'support-enabled': { ...base, supportCidrs: true },
  'nats-cluster': { ...base, natsServers: 3 },
  'external-nats': { ...base, natsServers: 0, existingSecrets: ['prst-nats-passwords'] },
  cilium: { ...base, providerCidrs: false, cilium: true },
};

// Addresses outside the cluster the matrix tries (see ci/*-values.yaml).
const PROVIDER_IP = '162.159.140.10';
const PROVIDER_EXCEPT_IP = '160.79.105.5';
const PRST_AI_IP = '203.0.113.5';
const EXTERNAL_DB_IP = '10.20.1.5';
const EXTERNAL_NATS_IP = '10.30.0.5';

const namespaces = [
  { name: NAMESPACE, labels: { 'kubernetes.io/metadata.name': NAMESPACE } },
  { name: 'ingress-nginx', labels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
  { name: 'kube-system', labels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  { name: 'models', labels: { 'kubernetes.io/metadata.name': 'models' } },
  { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } },
  { name: 'monitoring', labels: { 'kubernetes.io/metadata.name': 'monitoring' } },
  { name: 'observability', labels: { 'kubernetes.io/metadata.name': 'observability' } },
];
const outsiders: Pod[] = [
  { name: 'ingress', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' }, ip: '10.245.0.1' },
  // A pod of another application in the release's own namespace, and one in another namespace.
  { name: 'neighbour', namespace: NAMESPACE, labels: { app: 'other' }, ip: '10.245.0.2' },
  { name: 'stranger', namespace: 'default', labels: { app: 'other' }, ip: '10.245.0.3' },
  { name: 'prometheus', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' }, ip: '10.245.0.4' },
];
const kubeDns: Pod = {
  name: 'kube-dns',
  namespace: 'kube-system',
  labels: { 'k8s-app': 'kube-dns' },
  ip: '10.245.0.10',
  ports: [
    { containerPort: 53, protocol: 'UDP' },
    { containerPort: 53, protocol: 'TCP' },
  ],
};
const collector: Pod = {
  name: 'otel-collector',
  namespace: 'observability',
  labels: { 'app.kubernetes.io/name': 'opentelemetry-collector' },
  ip: '10.245.0.30',
  ports: [{ containerPort: 4318 }, { containerPort: 4317 }],
};
const modelServer: Pod = { name: 'ollama', namespace: 'models', labels: { app: 'ollama' }, ip: '10.245.0.20', ports: [{ containerPort: 11434 }] };
const external = (name: string, ip: string, ports: number[]): Destination => ({
  name,
  endpoint: { ip },
  ports: ports.map((port) => ({ port, protocol: 'TCP' as const })),
});
const externals = [
  external('provider', PROVIDER_IP, [443, 80]),
  external('provider-except', PROVIDER_EXCEPT_IP, [443]),
  external('prst-ai', PRST_AI_IP, [443]),
  external('internet', '8.8.8.8', [443, 80]),
  external('cloud-metadata', '169.254.169.254', [80]),
  external('external-db', EXTERNAL_DB_IP, [5432]),
  external('external-nats', EXTERNAL_NATS_IP, [4222]),
];

/** The whole matrix a scenario must allow, written from the rules, not from the templates. */
function expectedMatrix(expectation: Expectation): string[] {
  const lines: string[] = [];
  const dns = (source: string) => lines.push(`${source} -> kube-dns:53/TCP`, `${source} -> kube-dns:53/UDP`);
  const nats = expectation.natsServers === 0 ? ['external-nats'] : expectation.natsServers > 1 ? ['nats-0', 'nats-1'] : ['nats'];
  const database = expectation.bundledDatabase ? 'postgresql' : 'external-db';
  for (const service of SERVICES) {
    dns(service);
    for (const server of nats) lines.push(`${service} -> ${server}:4222/TCP`);
    lines.push(`${service} -> ${database}:5432/TCP`);
    lines.push(`prometheus -> ${service}:9464/TCP`);
    if (expectation.otlpCollector) lines.push(`${service} -> otel-collector:4318/TCP`);
  }
  dns('migrations');
  lines.push(`migrations -> ${database}:5432/TCP`);
  lines.push('ingress -> gateway:8080/TCP');
  if (expectation.providerCidrs) lines.push('prompt-executor -> provider:443/TCP');
  if (expectation.modelServer) lines.push('prompt-executor -> ollama:11434/TCP');
  if (expectation.supportCidrs) lines.push('support-notifier -> prst-ai:443/TCP');
  if (expectation.natsServers > 1) {
    dns('nats-0');
    dns('nats-1');
    lines.push('nats-0 -> nats-1:6222/TCP', 'nats-1 -> nats-0:6222/TCP');
  }
  return lines.sort();
}

function matrixOf(objects: KubeObject[]): string[] {
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy') as unknown as NetworkPolicy[];
  for (const policy of policies) policy.metadata.namespace ??= NAMESPACE;
  const releasePods = podsOf(objects, NAMESPACE);
  const destinations = [...releasePods, kubeDns, modelServer, collector].map(podDestination).concat(externals);
  const releaseNames = new Set(releasePods.map((pod) => pod.name));
  // Traffic between two pods that are not the release's is no business of this chart.
  return connectivityMatrix(policies, namespaces, [...releasePods, ...outsiders], destinations).filter((line) => {
    const [source, rest] = line.split(' -> ');
    return releaseNames.has(source) || releaseNames.has(rest.split(':')[0]);
  });
}

const rendered = new Map<string, KubeObject[]>();
const lintOutput = new Map<string, string>();
const values = (name: string) => parse(readFileSync(scenarios().get(name)!, 'utf8')) as Record<string, unknown>;

describe('charts/prst', () => {
  before(() => {
    assert.deepEqual([...scenarios().keys()].sort(), Object.keys(EXPECTATIONS).sort(), 'every ci/ scenario has expectations');
    for (const [name, file] of scenarios()) {
      lintOutput.set(name, lintChart({ valuesFiles: [file] }));
      rendered.set(name, renderChart({ valuesFiles: [file], namespace: NAMESPACE }));
    }
  });

  it('passes helm lint --strict in every scenario', () => {
    for (const [name, output] of lintOutput) {
      assert.match(output, /1 chart\(s\) linted, 0 chart\(s\) failed/, name);
      assert.doesNotMatch(output, /\[(WARNING|ERROR)\]/, name);
    }
  });

  it('renders objects that validate against the Kubernetes schemas', () => {
    for (const [name, objects] of rendered) {
      assert.ok(objects.length > 20, `${name} renders the whole installation`);
      for (const object of objects) {
        if (object.kind === 'CiliumNetworkPolicy') continue; // a custom resource, checked below
        assert.doesNotThrow(() => validateKubeObject(object), `${name}: ${object.kind} ${object.metadata.name}`);
      }
      const names = objects.map((object) => `${object.kind}/${object.metadata.name}`);
      assert.equal(new Set(names).size, names.length, `${name}: object names are unique`);
    }
  });

  it('runs every pod under the restricted Pod Security Standard with a read-only root filesystem and a /tmp emptyDir', () => {
    for (const [name, objects] of rendered) {
      for (const object of objects) {
        const template = podSpecOf(object);
        if (!template) continue;
        const where = `${name}: ${object.kind} ${object.metadata.name}`;
        assert.deepEqual(restrictedViolations(template.spec), [], where);
        assert.equal(template.spec.automountServiceAccountToken, false, `${where} mounts no service-account token`);
        for (const container of template.spec.containers) {
          const tmp = container.volumeMounts?.find((mount: { mountPath: string }) => mount.mountPath === '/tmp');
          assert.ok(tmp, `${where}/${container.name} has a writable /tmp`);
          const volume = template.spec.volumes.find((candidate: { name: string }) => candidate.name === tmp.name);
          assert.ok(volume?.emptyDir, `${where}/${container.name}: /tmp is an emptyDir`);
          assert.ok(container.resources?.requests?.memory && container.resources?.limits?.memory, `${where}/${container.name} has memory requests and limits`);
        }
      }
    }
  });

  it('gives every service a Deployment with probes, a ServiceAccount without token and a PodDisruptionBudget', () => {
    for (const [name, objects] of rendered) {
      const find = (kind: string, component: string) =>
        objects.filter((object) => object.kind === kind && object.metadata.labels?.['app.kubernetes.io/component'] === component);
      for (const service of SERVICES) {
        const [deployment] = find('Deployment', service);
        assert.ok(deployment, `${name}: ${service} Deployment`);
        const container = deployment.spec.template.spec.containers[0];
        for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
          assert.ok(container[probe]?.httpGet, `${name}: ${service} has an HTTP ${probe}`);
        }
        assert.equal(container.readinessProbe.httpGet.path, '/readyz');
        assert.equal(container.livenessProbe.httpGet.path, '/healthz');
        assert.equal(find('ServiceAccount', service)[0]?.automountServiceAccountToken, false, `${name}: ${service} ServiceAccount`);
        assert.equal(deployment.spec.template.spec.serviceAccountName, find('ServiceAccount', service)[0].metadata.name);
        const [pdb] = find('PodDisruptionBudget', service);
        assert.deepEqual(pdb?.spec.selector.matchLabels, deployment.spec.selector.matchLabels, `${name}: ${service} PDB selects its pods`);
        assert.equal(deployment.spec.template.spec.topologySpreadConstraints?.length, 2, `${name}: ${service} spreads over zones and nodes`);
      }
      const [gatewayService] = find('Service', 'gateway');
      assert.equal(gatewayService.spec.ports[0].port, 8080);
      const hpas = objects.filter((object) => object.kind === 'HorizontalPodAutoscaler').map((object) => object.metadata.labels!['app.kubernetes.io/component']);
      assert.deepEqual(hpas.sort(), name === 'nats-cluster' ? ['gateway', 'prompt-executor'] : [], `${name}: HPAs`);
      for (const hpa of objects.filter((object) => object.kind === 'HorizontalPodAutoscaler')) {
        const target = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === hpa.spec.scaleTargetRef.name);
        assert.ok(target, `${name}: HPA ${hpa.metadata.name} targets a rendered Deployment`);
        assert.equal(target.spec.replicas, undefined, `${name}: an autoscaled Deployment leaves replicas to the HPA`);
      }
    }
  });

  it('refers only to Secrets and keys that the chart renders or the scenario expects to exist', () => {
    for (const [name, objects] of rendered) {
      const secrets = new Map(
        objects.filter((object) => object.kind === 'Secret').map((secret) => [secret.metadata.name, Object.keys(secret.data ?? {})]),
      );
      for (const object of objects) {
        const template = podSpecOf(object);
        if (!template) continue;
        for (const container of template.spec.containers) {
          for (const variable of container.env ?? []) {
            const ref = variable.valueFrom?.secretKeyRef;
            if (!ref) continue;
            const where = `${name}: ${object.metadata.name}/${container.name} ${variable.name}`;
            if (EXPECTATIONS[name].existingSecrets.includes(ref.name)) continue;
            assert.ok(secrets.has(ref.name), `${where} refers to the unrendered Secret ${ref.name}`);
            if (!ref.optional) assert.ok(secrets.get(ref.name)!.includes(ref.key), `${where}: Secret ${ref.name} has no key ${ref.key}`);
          }
        }
      }
    }
  });

  it('sets every variable a service requires, and only variables it declares (or that are pending)', async () => {
    for (const service of SERVICES) {
      const schema = await envSchemaOf(service);
      const required = Object.entries(schema)
        .filter(([, variable]) => {
          try {
            variable.parse(undefined);
            return false;
          } catch {
            return true;
          }
        })
        .map(([name]) => name);
      for (const [name, objects] of rendered) {
        const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.labels?.['app.kubernetes.io/component'] === service)!;
        const set: string[] = deployment.spec.template.spec.containers[0].env.map((variable: { name: string }) => variable.name);
        for (const variable of required) assert.ok(set.includes(variable), `${name}: ${service} requires ${variable}, the chart does not set it`);
        const allowed = new Set([...Object.keys(schema), ...(PENDING_VARIABLES[service] ?? []), ...DRIVER_VARIABLES]);
        assert.deepEqual(set.filter((variable) => !allowed.has(variable)), [], `${name}: ${service} does not declare these`);
      }
    }
  });

  it('connects each service as its own NATS user and to PostgreSQL with the password outside the URL', () => {
    for (const [name, objects] of rendered) {
      for (const deployment of objects.filter((object) => object.kind === 'Deployment')) {
        const component = deployment.metadata.labels!['app.kubernetes.io/component'];
        const env = Object.fromEntries(
          deployment.spec.template.spec.containers[0].env.map((variable: { name: string; value?: string; valueFrom?: unknown }) => [
            variable.name,
            variable.value ?? variable.valueFrom,
          ]),
        );
        assert.equal(env.NATS_USER, component, `${name}: ${component} NATS user`);
        const natsSecret = EXPECTATIONS[name].natsServers === 0 ? 'prst-nats-passwords' : 'prst-nats';
        assert.deepEqual(env.NATS_PASSWORD, { secretKeyRef: { name: natsSecret, key: component } });
        assert.equal(env.NATS_URL, EXPECTATIONS[name].natsServers === 0 ? 'nats://nats.messaging.example.internal:4222' : 'nats://prst-nats:4222');
        const url = new URL(env.DATABASE_URL);
        assert.equal(url.password, '', `${name}: no password in DATABASE_URL`);
        assert.ok(env.PGPASSWORD, `${name}: ${component} gets PGPASSWORD from a Secret`);
        if (EXPECTATIONS[name].bundledDatabase) {
          assert.equal(url.host, 'prst-postgresql:5432');
        } else {
          assert.equal(url.host, 'prst.cluster-abc.eu-west-1.rds.amazonaws.com:5432');
          assert.equal(url.searchParams.get('sslmode'), 'verify-full');
          assert.deepEqual(env.PGPASSWORD, { secretKeyRef: { name: 'prst-database', key: 'password' } });
        }
      }
    }
  });

  it('runs the migrations of every service in a hook Job before upgrades (and before install with an external database)', () => {
    for (const [name, objects] of rendered) {
      const job = objects.find((object) => object.kind === 'Job');
      assert.ok(job, `${name}: migration Job`);
      const hooks = job.metadata.annotations!['helm.sh/hook'].split(',');
      assert.ok(hooks.includes('pre-upgrade'), `${name}: pre-upgrade`);
      assert.ok(hooks.includes(EXPECTATIONS[name].bundledDatabase ? 'post-install' : 'pre-install'), `${name}: install hook ${hooks}`);
      const commands = job.spec.template.spec.containers.map((container: { args: string[] }) => container.args.join(' '));
      assert.deepEqual(commands.sort(), SERVICES.map((service) => `apps/${service}/dist/src/migrate.js`).sort());
      for (const container of job.spec.template.spec.containers) {
        assert.ok(!container.env.some((variable: { name: string }) => variable.name.startsWith('NATS_')), 'migrations need no NATS');
      }
    }
  });

  it('configures the bundled NATS with JetStream synced on every write, one user per service, and the cluster routes', () => {
    for (const [name, objects] of rendered) {
      if (EXPECTATIONS[name].natsServers === 0) {
        assert.ok(!objects.some((object) => object.metadata.name.startsWith('prst-nats')), `${name}: no bundled NATS`);
        continue;
      }
      const config: string = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'prst-nats')!.data['nats.conf'];
      assert.match(config, /sync_interval: always/, name);
      for (const service of SERVICES) assert.match(config, new RegExp(`user: "${service}"`), `${name}: user ${service}`);
      assert.doesNotMatch(config, /password: "/, `${name}: no literal password in the ConfigMap`);
      const statefulSet = objects.find((object) => object.kind === 'StatefulSet' && object.metadata.name === 'prst-nats')!;
      assert.equal(statefulSet.spec.replicas, EXPECTATIONS[name].natsServers, `${name}: NATS servers`);
      assert.equal((config.match(/nats-route:\/\//g) ?? []).length, EXPECTATIONS[name].natsServers > 1 ? EXPECTATIONS[name].natsServers : 0);
      assert.ok(statefulSet.spec.volumeClaimTemplates[0].spec.resources.requests.storage, `${name}: JetStream on a PVC`);
      // Streams survive the loss of one server only when replicated.
      for (const deployment of objects.filter((object) => object.kind === 'Deployment')) {
        const replicas = deployment.spec.template.spec.containers[0].env.find((variable: { name: string }) => variable.name === 'JETSTREAM_REPLICAS');
        assert.equal(replicas?.value, EXPECTATIONS[name].natsServers > 1 ? '3' : '1', `${name}: ${deployment.metadata.name} JETSTREAM_REPLICAS`);
      }
    }
  });

  it('renders a NATS configuration that nats-server accepts, with every password taken from the environment', () => {
    const natsServer = ensureNatsServer();
    const version = spawnSync(natsServer, ['--version'], { encoding: 'utf8' }).stdout.match(/v(\d+)\.(\d+)/);
    // nats-server before 2.10 (Debian 12's) does not know jetstream.sync_interval; the chart's image does.
    const oldServer = version !== null && (Number(version[1]) < 2 || (Number(version[1]) === 2 && Number(version[2]) < 10));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prst-nats-conf-'));
    try {
      const passwords = Object.fromEntries(SERVICES.map((service) => [`${service.toUpperCase().replace(/-/g, '_')}_PASSWORD`, 'x']));
      for (const name of ['default', 'nats-cluster']) {
        let config: string = rendered.get(name)!.find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'prst-nats')!.data['nats.conf'];
        if (oldServer) config = config.replace(/^\s*sync_interval: always\s*$/m, '');
        const file = path.join(dir, `${name}.conf`);
        writeFileSync(file, config);
        const check = (env: Record<string, string>) =>
          spawnSync(natsServer, ['-t', '-c', file], { encoding: 'utf8', env: { PATH: process.env.PATH, POD_NAME: 'prst-nats-0', ...env } });
        const valid = check(passwords);
        assert.equal(valid.status, 0, `${name}: ${valid.stderr}${valid.stdout}`);
        const { GATEWAY_PASSWORD: _dropped, ...missingOne } = passwords;
        const invalid = check(missingOne);
        assert.notEqual(invalid.status, 0, `${name}: a missing password must be refused`);
        assert.match(invalid.stderr + invalid.stdout, /GATEWAY_PASSWORD/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('NetworkPolicies', () => {
    for (const name of Object.keys(EXPECTATIONS)) {
      it(`allow exactly the expected connections in the ${name} scenario`, () => {
        assert.deepEqual(matrixOf(rendered.get(name)!), expectedMatrix(EXPECTATIONS[name]));
      });
    }

    it('deny every direction of every pod of the release by default', () => {
      for (const [name, objects] of rendered) {
        const deny = objects.find((object) => object.kind === 'NetworkPolicy' && object.metadata.name === 'prst-default-deny');
        assert.deepEqual(deny?.spec, {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prst', 'app.kubernetes.io/instance': 'prst' } },
          policyTypes: ['Ingress', 'Egress'],
        }, name);
        for (const object of objects) {
          const template = podSpecOf(object);
          if (template) assert.ok(Object.entries(deny.spec.podSelector.matchLabels).every(([key, value]) => template.metadata.labels?.[key] === value), `${name}: ${object.metadata.name} is covered`);
        }
      }
    });

    it('let the support-notifier out only when support is enabled, even with prst.ai addresses configured', () => {
      const objects = renderChart({ valuesFiles: [scenarios().get('support-enabled')!], set: ['support.enabled=false'], namespace: NAMESPACE });
      assert.deepEqual(matrixOf(objects), expectedMatrix({ ...EXPECTATIONS['support-enabled'], supportCidrs: false }));
    });

    it('allow providers and prst.ai by host name with Cilium, for the prompt-executor and the support-notifier only', () => {
      const objects = rendered.get('cilium')!;
      const cilium = objects.filter((object) => object.kind === 'CiliumNetworkPolicy');
      const scenario = values('cilium') as { providers: { fqdns: string[] }; support: { fqdns: string[] } };
      const byComponent = new Map(cilium.map((policy) => [policy.spec.endpointSelector.matchLabels['app.kubernetes.io/component'], policy]));
      assert.deepEqual([...byComponent.keys()].sort(), ['prompt-executor', 'support-notifier']);
      for (const [component, fqdns] of [
        ['prompt-executor', scenario.providers.fqdns],
        ['support-notifier', scenario.support.fqdns],
      ] as const) {
        const policy = byComponent.get(component)!;
        assert.equal(policy.apiVersion, 'cilium.io/v2');
        assert.equal(policy.spec.endpointSelector.matchLabels['app.kubernetes.io/instance'], 'prst');
        const fqdnRule = policy.spec.egress.find((rule: { toFQDNs?: unknown }) => rule.toFQDNs);
        assert.deepEqual(fqdnRule.toFQDNs, fqdns.map((fqdn) => ({ matchName: fqdn })), component);
        assert.deepEqual(fqdnRule.toPorts, [{ ports: [{ port: '443', protocol: 'TCP' }] }], component);
        assert.equal(policy.spec.ingress, undefined, `${component}: no ingress opened`);
      }
      for (const scenarioName of ['default', 'support-enabled']) {
        assert.ok(!rendered.get(scenarioName)!.some((object) => object.kind === 'CiliumNetworkPolicy'), `${scenarioName}: none without cilium.enabled`);
      }
    });
  });

  it('adds a ServiceMonitor on request that selects the metrics Service and its port', () => {
    assert.ok(!rendered.get('default')!.some((object) => object.kind === 'ServiceMonitor'), 'none by default');
    const objects = renderChart({ set: ['telemetry.metrics.serviceMonitor.enabled=true', 'telemetry.metrics.serviceMonitor.labels.release=kube-prometheus'] });
    const monitor = objects.find((object) => object.kind === 'ServiceMonitor') as KubeObject & { spec: any };
    assert.ok(monitor, 'a ServiceMonitor');
    assert.equal(monitor.metadata.labels?.release, 'kube-prometheus');
    const service = objects.find((object) => object.kind === 'Service' && object.metadata.name.endsWith('-metrics')) as KubeObject & { spec: any };
    for (const [label, value] of Object.entries(monitor.spec.selector.matchLabels)) assert.equal(service.metadata.labels?.[label], value, label);
    assert.deepEqual(monitor.spec.endpoints.map((endpoint: { port: string }) => endpoint.port), service.spec.ports.map((port: { name: string }) => port.name));
  });

  it('lists every inconsistent setting in one error', () => {
    assert.throws(
      () =>
        renderChart({
          set: ['support.enabled=true', 'postgresql.enabled=false', 'nats.cluster.enabled=true', 'nats.cluster.replicas=2'],
        }),
      (error: Error) => {
        for (const problem of [
          'support.enabled requires secrets.licenseKey',
          'support.enabled requires config.organization',
          'support.enabled needs support.cidrs',
          'postgresql.enabled=false requires externalDatabase.host',
          'postgresql.enabled=false requires externalDatabase.password or externalDatabase.existingSecret',
          'nats.cluster.replicas must be odd and at least 3',
        ]) {
          assert.ok(error.message.includes(problem), `missing "${problem}" in:\n${error.message}`);
        }
        return true;
      },
    );
  });

  it('rejects unknown and mistyped values through values.schema.json', () => {
    assert.throws(() => renderChart({ set: ['gateway.replicas=3'] }), /additional properties 'replicas' not allowed/);
    assert.throws(() => renderChart({ set: ['support.enabled=yes'] }), /support\/enabled/);
  });

  it('documents every value in place', () => {
    const valuesFile = readFileSync(path.join(chartDir, 'values.yaml'), 'utf8');
    const documented = new Set([...valuesFile.matchAll(/^\s*## @param ([\w.]+)/gm)].map((match) => match[1]));
    const leaves: string[] = [];
    const walk = (node: unknown, prefix: string) => {
      const isMap = node !== null && typeof node === 'object' && !Array.isArray(node);
      if (prefix && (documented.has(prefix) || !isMap || Object.keys(node as object).length === 0)) {
        leaves.push(prefix);
        return;
      }
      for (const [key, child] of Object.entries(node as object)) walk(child, prefix ? `${prefix}.${key}` : key);
    };
    walk(parse(valuesFile), '');
    assert.deepEqual(leaves.filter((key) => !documented.has(key)), [], 'values without ## @param');
  });
});
