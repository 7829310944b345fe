import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Streams } from '@prst/contracts';
import { NATS_CONNECTION, ensureStream } from '@prst/messaging';
import { AUDIT_LOG_ENV, type AuditLogEnv } from '../config/audit-log-env.js';

/** The audit-log service owns PRST_AUDIT: it creates the stream before it answers anything. */
@Injectable()
export class AuditStreamSetup implements OnModuleInit {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(AUDIT_LOG_ENV) private readonly env: AuditLogEnv,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureStream(this.connection, Streams.audit, this.env.JETSTREAM_REPLICAS);
  }
}
