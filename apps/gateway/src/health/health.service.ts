import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import {
  APP_NAMES,
  HEALTH_SUBJECTS,
  PRODUCT_VERSION,
  type AppName,
  type CallerContext,
  type ServiceHealthReply,
} from '@prst/contracts';
import { HealthService as LocalHealth, NATS_CONNECTION, RpcClient } from '@prst/messaging';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';

export interface ServiceStatus {
  status: 'ok' | 'error';
  version?: string;
  error?: string;
}

export interface SuiteHealth {
  status: 'ok' | 'error';
  version: string;
  services: Record<AppName, ServiceStatus>;
}

/** Asks every service for its health, each bounded by HEALTH_TIMEOUT_MS, all in parallel. */
@Injectable()
export class SuiteHealthService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly local: LocalHealth,
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async suite(context: CallerContext): Promise<SuiteHealth> {
    const entries = await Promise.all(
      APP_NAMES.map(async (app) => [app, await this.serviceStatus(app, context)] as const),
    );
    const services = Object.fromEntries(entries) as Record<AppName, ServiceStatus>;
    const status = entries.every(([, service]) => service.status === 'ok') ? 'ok' : 'error';
    return { status, version: PRODUCT_VERSION, services };
  }

  /** Ready when NATS and the database answer; used by the Kubernetes readiness probe. */
  async ready(): Promise<{ nats: boolean; database: boolean }> {
    const nats = await this.nats.flush().then(() => !this.nats.isClosed(), () => false);
    const database = await this.dataSource.query('SELECT 1').then(() => true, () => false);
    return { nats, database };
  }

  private async serviceStatus(app: AppName, context: CallerContext): Promise<ServiceStatus> {
    try {
      const reply =
        app === 'gateway'
          ? await this.local.report()
          : await this.rpc.request<ServiceHealthReply>(HEALTH_SUBJECTS[app], {}, context, this.env.HEALTH_TIMEOUT_MS);
      if (reply.status === 'ok') return { status: 'ok', version: reply.version };
      const failing = Object.entries(reply.dependencies)
        .filter(([, dependency]) => dependency.status !== 'ok')
        .map(([name, dependency]) => `${name}: ${dependency.detail ?? 'error'}`);
      return { status: 'error', version: reply.version, error: failing.join('; ') };
    } catch (error) {
      return { status: 'error', error: (error as Error).message };
    }
  }
}
