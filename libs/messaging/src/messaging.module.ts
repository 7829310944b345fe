import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { AppName } from '@prst/contracts';
import { natsConnectionOptions, natsSettingsFrom, type NatsEnv } from './nats-options.js';
import { RpcClient } from './rpc-client.js';
import { AuditPublisher } from './audit/audit-publisher.js';
import { StreamListener } from './streams/stream-listener.js';
import { StreamPublisher } from './streams/stream-publisher.js';
import { APP_NAME, NATS_CONNECTION } from './tokens.js';


class NatsConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.drain().catch(() => undefined);
  }
}

/** Gives a service its NATS connection (for requests and JetStream), an RpcClient, the AuditPublisher and both ends of streamed answers. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(app: AppName, env: NatsEnv): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: NATS_CONNECTION, useFactory: () => connect(natsConnectionOptions(app, natsSettingsFrom(env))) },
        {
          provide: RpcClient,
          useFactory: (connection: NatsConnection) => new RpcClient(connection, env.NATS_REQUEST_TIMEOUT_MS),
          inject: [NATS_CONNECTION],
        },
        { provide: APP_NAME, useValue: app },
        AuditPublisher,
        StreamPublisher,
        StreamListener,
        NatsConnectionCloser,
      ],
      exports: [NATS_CONNECTION, APP_NAME, RpcClient, AuditPublisher, StreamPublisher, StreamListener],
    };
  }
}
