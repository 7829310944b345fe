import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { Subjects, type IdentityChangedEvent } from '@prst/contracts';
import { NATS_CONNECTION } from '@prst/messaging';
import { PrincipalCache } from './principal-cache.js';

/**
 * Keeps the caches of every gateway replica honest: a change (termination, role change, revocation)
 * is broadcast on NATS and each replica, this one included, evicts its copy at once. The cache TTL
 * bounds staleness should a broadcast be lost.
 */
@Injectable()
export class IdentityEvents implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('IdentityEvents');
  private subscription: Subscription | undefined;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly cache: PrincipalCache,
  ) {}

  onModuleInit(): void {
    // Not a queue subscription: every replica must hear every change.
    this.subscription = this.nats.subscribe(Subjects.gateway.identityChanged, {
      callback: (error, message) => {
        if (error) return;
        try {
          this.apply(message.json<IdentityChangedEvent>());
        } catch {
          this.logger.warn('ignored a malformed identity change event');
        }
      },
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** Evicts locally at once, then tells the other replicas. */
  changed(event: IdentityChangedEvent): void {
    this.apply(event);
    try {
      this.nats.publish(Subjects.gateway.identityChanged, JSON.stringify(event));
    } catch {
      this.logger.warn('could not broadcast an identity change; other replicas catch up when their cache expires');
    }
  }

  private apply(event: IdentityChangedEvent): void {
    if (event.kind === 'user') this.cache.evictUser(event.id);
    else this.cache.evictCredential(event.id);
  }
}
