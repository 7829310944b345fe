import { GatewayClient } from '../gateway/gateway-client.js';
import { HttpGatewayApi, type GatewayApi } from '../gateway/gateway-api.js';
import type { KubeTarget } from '../kube/kube-config.js';
import type { PortForwardSession } from '../kube/port-forward.js';
import type { ReleaseInspector } from '../kube/release.js';
import { CliError } from './cli-error.js';
import { say, type Io } from './io.js';
import { defaultSecretName, type CliOptions } from './options.js';

/** The environment variable that may hold the admin API credential (preferred over --api-key). */
export const API_KEY_ENV = 'PRST_API_KEY';

/**
 * What one command talks to: the release in Kubernetes (unless --server was given) and the gateway,
 * reached through --server or a port-forward opened on first use. Closing it ends the port-forward.
 */
export class Session {
  private forward?: PortForwardSession;
  private gatewayApi?: GatewayApi;

  private constructor(
    private readonly options: CliOptions,
    private readonly io: Io,
    private readonly target?: KubeTarget,
    private readonly release?: ReleaseInspector,
  ) {}

  /** Loads the kubeconfig unless --server was given. */
  static async open(options: CliOptions, io: Io): Promise<Session> {
    if (options.server) return new Session(options, io);
    // The Kubernetes client is large (about a second to load); --server runs never load it.
    const [{ loadKubeTarget }, { ReleaseInspector }] = await Promise.all([import('../kube/kube-config.js'), import('../kube/release.js')]);
    const target = loadKubeTarget(options, io.env);
    return new Session(options, io, target, new ReleaseInspector(target, options.release));
  }

  /** The release in Kubernetes, or undefined with --server. */
  get kube(): ReleaseInspector | undefined {
    return this.release;
  }

  /** The gateway; `credential` reads the admin API credential (flag, environment, or the Secret). */
  async gateway(needs: { credential: boolean }): Promise<GatewayApi> {
    if (this.gatewayApi && !needs.credential) return this.gatewayApi;
    const apiKey = needs.credential ? await this.apiKey() : undefined;
    let base: string;
    let description: string;
    if (this.options.server) {
      base = this.options.server;
      description = base;
    } else {
      const release = this.release!;
      await release.assertNamespace();
      const endpoint = await release.gatewayEndpoint();
      if (!this.forward) {
        const { openPortForward } = await import('../kube/port-forward.js');
        this.forward = await openPortForward(this.target!.kc, release.namespace, endpoint.pod, endpoint.port);
        say(this.io, `port-forward 127.0.0.1:${this.forward.localPort} → pod ${endpoint.pod}:${endpoint.port} (service ${endpoint.service})`);
      }
      base = this.forward.url;
      description = `the port-forward to pod ${endpoint.pod}:${endpoint.port}`;
    }
    const forward = this.forward;
    const client = new GatewayClient(base, description, apiKey, 30000, () => forward?.lastError());
    this.gatewayApi = new HttpGatewayApi(client);
    return this.gatewayApi;
  }

  async close(): Promise<void> {
    await this.forward?.close();
  }

  private async apiKey(): Promise<string> {
    const given = this.options.apiKey ?? this.io.env[API_KEY_ENV];
    if (given) return given.trim();
    if (!this.release) {
      throw new CliError(`no API credential: with --server, set ${API_KEY_ENV} (or pass --api-key) to an admin API credential`);
    }
    await this.release.assertNamespace();
    const name = this.options.apiKeySecret ?? defaultSecretName(this.options.release);
    return this.release.secretValue(name, this.options.apiKeySecretKey);
  }
}
