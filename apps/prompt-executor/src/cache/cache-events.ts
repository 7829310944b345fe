import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { Subjects } from '@prst/contracts';
import { NATS_CONNECTION } from '@prst/messaging';

export interface CacheChange {
  kind: 'prompt' | 'connector' | 'credential' | 'pricing';
  id: string;
}

/** Not yet in the contracts while the vault's change event is being built; picked up when it lands. */
const CREDENTIAL_CHANGED = (Subjects.vault as Record<string, string>).credentialChanged as string | undefined;

/**
 * Tells every executor replica that a prompt, connector or credential changed, so each drops its
 * cached copies at once (the cache lifetime is the fallback when an event is missed). Plain NATS
 * subscriptions without a queue group: every replica must hear every change.
 */
@Injectable()
export class CacheEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CacheEvents.name);
  private readonly listeners: ((change: CacheChange) => void)[] = [];
  private readonly subscriptions: Subscription[] = [];

  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  onChange(listener: (change: CacheChange) => void): void {
    this.listeners.push(listener);
  }

  /** Drops local copies now and tells the other replicas. */
  announce(change: CacheChange): void {
    this.dispatch(change);
    try {
      this.connection.publish(Subjects.executor.cacheChanged, JSON.stringify(change));
    } catch (error) {
      this.logger.warn(`could not announce a ${change.kind} change: ${(error as Error).message}`);
    }
  }

  onModuleInit(): void {
    this.subscriptions.push(
      this.connection.subscribe(Subjects.executor.cacheChanged, {
        callback: (error, message) => {
          if (error) return;
          try {
            this.dispatch(message.json<CacheChange>());
          } catch {
            this.logger.warn('ignored an unreadable cache change event');
          }
        },
      }),
    );
    if (CREDENTIAL_CHANGED) {
      this.subscriptions.push(
        this.connection.subscribe(CREDENTIAL_CHANGED, {
          callback: (error, message) => {
            if (error) return;
            try {
              const { id } = message.json<{ id: string }>();
              if (typeof id === 'string') this.dispatch({ kind: 'credential', id });
            } catch {
              this.logger.warn('ignored an unreadable credential change event');
            }
          },
        }),
      );
    }
  }

  private dispatch(change: CacheChange): void {
    for (const listener of this.listeners) listener(change);
  }

  onApplicationShutdown(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
