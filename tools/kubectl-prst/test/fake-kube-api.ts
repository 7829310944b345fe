// A stand-in for the Kubernetes API server (a third party that cannot run here): it answers the few
// endpoints kubectl-prst uses with objects and Status errors shaped like a real API server's, checks
// bearer tokens, applies a per-user deny list (RBAC), and serves pods/portforward over a WebSocket
// with the channel protocol (v4.channel.k8s.io): the first frame of each channel carries the port
// (uint16 little-endian), then data flows on channel 0 and errors on channel 1. Like a real API server
// it speaks HTTPS only, with a certificate made for the test run (the kubeconfig carries its CA).
import { execFileSync } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';

type KubeObject = { metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown }; [key: string]: unknown };

export interface FakeUser {
  name: string;
  /** "verb resource" pairs this user may NOT do, e.g. "list deployments", "get secrets", "create pods/portforward". */
  denied?: string[];
}

interface Resource {
  group: string;
  version: string;
  listKind: string;
}

const RESOURCES: Record<string, Resource> = {
  pods: { group: '', version: 'v1', listKind: 'PodList' },
  services: { group: '', version: 'v1', listKind: 'ServiceList' },
  secrets: { group: '', version: 'v1', listKind: 'SecretList' },
  deployments: { group: 'apps', version: 'v1', listKind: 'DeploymentList' },
  statefulsets: { group: 'apps', version: 'v1', listKind: 'StatefulSetList' },
};

/** A channel-protocol subprotocol a real API server accepts for pods/portforward. */
const PORT_FORWARD_PROTOCOLS = ['v4.channel.k8s.io', 'channel.k8s.io'];

function status(code: number, reason: string, message: string, details?: Record<string, string>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** Equality-based label selectors (a=b, a==b, a!=b, a, !a), as used by kubectl and the plugin. */
export function selectorMatches(selector: string | null, labels: Record<string, string> = {}): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const clause = term.trim();
    let match = /^([^!=]+)!=(.*)$/.exec(clause);
    if (match) return labels[match[1]] !== match[2];
    match = /^([^!=]+)==?(.*)$/.exec(clause);
    if (match) return labels[match[1]] === match[2];
    if (clause.startsWith('!')) return !(clause.slice(1) in labels);
    return clause in labels;
  });
}

/** A certificate for 127.0.0.1 made with openssl for this run only. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fake-kube-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
      '-subj', '/CN=kube-apiserver', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    return { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export class FakeKubeApi {
  readonly namespaces = new Set<string>();
  /** Objects by resource name (pods, services, …); each carries metadata.namespace. */
  readonly objects = new Map<string, KubeObject[]>(Object.keys(RESOURCES).map((resource) => [resource, []]));
  /** Where a forwarded pod port really goes: `${namespace}/${pod}:${port}` → local TCP port. */
  readonly podPorts = new Map<string, number>();
  /** Every request: method, path with query, and the user it authenticated as. */
  readonly requests: Array<{ method: string; url: string; user?: string }> = [];
  /** Bytes the port-forward carried from the client to the pod, for assertions about what was sent. */
  readonly forwardedToPod: Buffer[] = [];
  private readonly users = new Map<string, FakeUser>();
  private readonly tls = selfSignedCertificate();
  private readonly server = https.createServer({ key: this.tls.key, cert: this.tls.cert }, (request, response) => this.handle(request, response));
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PORT_FORWARD_PROTOCOLS.find((protocol) => offered.has(protocol)) ?? false,
  });
  private readonly sockets = new Set<net.Socket>();
  url = '';

  addUser(token: string, user: FakeUser): void {
    this.users.set(token, user);
  }

  add(resource: keyof typeof RESOURCES, object: KubeObject): void {
    this.objects.get(resource)!.push(object);
  }

  async start(): Promise<void> {
    this.server.on('upgrade', (request, socket, head) => this.upgrade(request, socket as net.Socket, head));
    this.server.on('secureConnection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Writes a kubeconfig whose current context uses this server with the given token. */
  writeKubeconfig(dir: string, token: string, namespace?: string, server = this.url): string {
    const file = path.join(dir, `kubeconfig-${token}`);
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server, 'certificate-authority-data': this.tls.cert.toString('base64') } }],
      users: [{ name: 'operator', user: { token } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'operator', ...(namespace ? { namespace } : {}) } }],
      'current-context': 'fake',
    };
    writeFileSync(file, JSON.stringify(config));
    return file;
  }

  private authenticate(authorization: string | undefined): FakeUser | undefined {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    return token ? this.users.get(token) : undefined;
  }

  private forbidden(user: FakeUser, verb: string, resource: string, namespace: string, name?: string) {
    if (!user.denied?.includes(`${verb} ${resource}`)) return undefined;
    const [base, sub] = resource.split('/');
    const group = RESOURCES[base]?.group ?? '';
    const qualified = group ? `${base}.${group}` : base;
    const subject = name ? `${qualified} "${name}"` : qualified;
    const what = sub ? `resource "${base}/${sub}"` : `resource "${base}"`;
    return status(
      403,
      'Forbidden',
      `${subject} is forbidden: User "${user.name}" cannot ${verb} ${what} in API group "${group}" in the namespace "${namespace}"`,
      { ...(name ? { name } : {}), ...(group ? { group } : {}), kind: base },
    );
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const user = this.authenticate(request.headers.authorization);
    this.requests.push({ method: request.method ?? 'GET', url: `${url.pathname}${url.search}`, user: user?.name });
    const send = (code: number, body: unknown) => {
      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (!user) return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    if (request.method !== 'GET') return send(405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));

    const namespaceMatch = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(url.pathname);
    if (namespaceMatch) {
      const name = namespaceMatch[1];
      const denied = this.forbidden(user, 'get', 'namespaces', name, name);
      if (denied) return send(403, { ...denied, message: denied.message.replace(/ in the namespace ".*"$/, '') });
      if (!this.namespaces.has(name)) return send(404, status(404, 'NotFound', `namespaces "${name}" not found`, { name, kind: 'namespaces' }));
      return send(200, {
        kind: 'Namespace',
        apiVersion: 'v1',
        metadata: { name, uid: `ns-${name}`, resourceVersion: '1', labels: { 'kubernetes.io/metadata.name': name } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    }

    const match = /^\/(?:api\/v1|apis\/apps\/v1)\/namespaces\/([^/]+)\/([a-z]+)(?:\/([^/]+))?$/.exec(url.pathname);
    const resource = match && RESOURCES[match[2]];
    if (!match || !resource || (resource.group === 'apps') !== url.pathname.startsWith('/apis/apps/')) {
      return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    }
    const [, namespace, kind, name] = match;
    const denied = this.forbidden(user, name ? 'get' : 'list', kind, namespace, name);
    if (denied) return send(403, denied);
    const inNamespace = this.objects.get(kind)!.filter((object) => object.metadata.namespace === namespace);
    if (name) {
      const found = inNamespace.find((object) => object.metadata.name === name);
      if (!found) return send(404, status(404, 'NotFound', `${kind} "${name}" not found`, { name, kind }));
      return send(200, { kind: resource.listKind.replace(/List$/, ''), apiVersion: resource.group ? `${resource.group}/${resource.version}` : 'v1', ...found });
    }
    const items = inNamespace.filter((object) => selectorMatches(url.searchParams.get('labelSelector'), object.metadata.labels));
    send(200, {
      kind: resource.listKind,
      apiVersion: resource.group ? `${resource.group}/${resource.version}` : 'v1',
      metadata: { resourceVersion: String(1000 + this.requests.length) },
      items,
    });
  }

  private upgrade(request: IncomingMessage, socket: net.Socket, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const user = this.authenticate(request.headers.authorization);
    this.requests.push({ method: 'UPGRADE', url: `${url.pathname}${url.search}`, user: user?.name });
    const refuse = (code: number, text: string, body: unknown) => {
      const json = JSON.stringify(body);
      socket.end(`HTTP/1.1 ${code} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    };
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(url.pathname);
    if (!user) return refuse(401, 'Unauthorized', status(401, 'Unauthorized', 'Unauthorized'));
    if (!match) return refuse(404, 'Not Found', status(404, 'NotFound', 'the server could not find the requested resource'));
    const [, namespace, pod] = match;
    const denied = this.forbidden(user, 'create', 'pods/portforward', namespace, pod);
    if (denied) return refuse(403, 'Forbidden', denied);
    if (!this.objects.get('pods')!.some((object) => object.metadata.namespace === namespace && object.metadata.name === pod)) {
      return refuse(404, 'Not Found', status(404, 'NotFound', `pods "${pod}" not found`, { name: pod, kind: 'pods' }));
    }
    const port = Number(url.searchParams.get('ports'));
    this.wss.handleUpgrade(request, socket, head, (ws) => this.forward(ws, namespace, pod, port));
  }

  private forward(ws: WebSocket, namespace: string, pod: string, port: number): void {
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    ws.send(Buffer.concat([Buffer.from([0]), portBytes]));
    ws.send(Buffer.concat([Buffer.from([1]), portBytes]));
    const target = this.podPorts.get(`${namespace}/${pod}:${port}`) ?? 1;
    const upstream = net.connect(target, '127.0.0.1');
    const pending: Buffer[] = [];
    let connected = false;
    upstream.on('connect', () => {
      connected = true;
      for (const chunk of pending.splice(0)) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => ws.send(Buffer.concat([Buffer.from([0]), chunk])));
    upstream.on('end', () => ws.close(1000));
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // What kubelet reports on the error channel when the container port refuses.
      ws.send(
        Buffer.concat([
          Buffer.from([1]),
          Buffer.from(`error forwarding port ${port} to pod ${pod}, uid : failed to execute portforward in network namespace: dial tcp4 127.0.0.1:${port}: connect: ${error.code === 'ECONNREFUSED' ? 'connection refused' : error.message}`),
        ]),
      );
      ws.close(1000);
    });
    ws.on('message', (data: Buffer) => {
      if (data[0] !== 0) return;
      const payload = data.subarray(1);
      this.forwardedToPod.push(Buffer.from(payload));
      if (connected) upstream.write(payload);
      else pending.push(payload);
    });
    ws.on('close', () => upstream.end());
  }
}
