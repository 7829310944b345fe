import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { HEALTH_SUBJECTS, Streams, inboxPrefixOf, type AppName, type AuditEvent } from '@prst/contracts';
import { RpcClient, ensureStream } from '@prst/messaging';
import { readAuditStream, spawnService, startTestInfra, type ServiceProcess, type TestInfra } from '@prst/local-infra';

export const newSecret = () => randomBytes(32).toString('base64');
export const context = (requestId = `test-${randomBytes(4).toString('hex')}`) => ({ requestId, principalId: 'user-1', principalType: 'user' as const, role: 'admin' as const });

/**
 * A private NATS + database with the PRST_AUDIT stream (as the audit-log service creates it), and
 * real credential-vault processes started on demand. Clients connect as a given service's NATS user.
 */
export class VaultHarness {
  readonly connections: NatsConnection[] = [];
  readonly vaults: ServiceProcess[] = [];
  db!: pg.Client;

  private constructor(readonly infra: TestInfra) {}

  static async start(name: string): Promise<VaultHarness> {
    const harness = new VaultHarness(await startTestInfra(name));
    await ensureStream(await harness.connection('audit-log'), Streams.audit, 1);
    harness.db = new pg.Client({ connectionString: harness.infra.databaseUrl });
    await harness.db.connect();
    return harness;
  }

  async connection(app: AppName): Promise<NatsConnection> {
    const connection = await connect({
      servers: this.infra.nats.url,
      user: app,
      pass: this.infra.nats.passwords[app],
      inboxPrefix: inboxPrefixOf(app),
    });
    this.connections.push(connection);
    return connection;
  }

  async client(app: AppName, timeoutMs = 5000): Promise<RpcClient> {
    return new RpcClient(await this.connection(app), timeoutMs);
  }

  envFor(env: Record<string, string>): Record<string, string> {
    return {
      NATS_URL: this.infra.nats.url,
      NATS_USER: 'credential-vault',
      NATS_PASSWORD: this.infra.nats.passwords['credential-vault'],
      DATABASE_URL: this.infra.databaseUrl,
      LOG_LEVEL: 'info',
      METRICS_ENABLED: 'false',
      ...env,
    };
  }

  /** Starts a vault process and waits until it answers its health subject (or exits). */
  async startVault(env: Record<string, string>): Promise<ServiceProcess> {
    const vault = spawnService('credential-vault', this.envFor(env));
    this.vaults.push(vault);
    const gateway = await this.client('gateway', 2000);
    const deadline = Date.now() + 90_000;
    let exited = false;
    void vault.exited.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      try {
        await gateway.request(HEALTH_SUBJECTS['credential-vault'], {}, context());
        // Another vault may answer the health check: wait for this one's own start line too.
        if (vault.output.some((line) => line.includes('is listening on NATS'))) return vault;
      } catch {
        /* not up yet */
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the vault did not start:\n${vault.output.slice(-20).join('\n')}`);
  }

  /** Runs a vault that is expected to refuse to start; resolves with its exit code and output. */
  async failingVault(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const vault = spawnService('credential-vault', this.envFor(env));
    this.vaults.push(vault);
    const code = await vault.exited;
    return { code, output: vault.output.join('\n') };
  }

  /** Every audit event stored in PRST_AUDIT so far. */
  async auditEvents(): Promise<AuditEvent[]> {
    return readAuditStream(await this.connection('audit-log'));
  }

  async stop(): Promise<void> {
    await Promise.all(this.vaults.map((vault) => vault.stop()));
    await Promise.all(this.connections.map((connection) => connection.close().catch(() => undefined)));
    await this.db?.end().catch(() => undefined);
    await this.infra.stop();
  }
}
