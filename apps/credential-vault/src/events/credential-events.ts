import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Subjects, type CallerContext, type CredentialChangedEvent } from '@prst/contracts';
import { contextToHeaders, NATS_CONNECTION } from '@prst/messaging';

/**
 * Announces `prst.vault.credential.changed.v1` after a change is committed, so the prompt-executor
 * drops a cached copy at once. Fire-and-forget on core NATS: a missed event only means a cache
 * keeps a copy until its own expiry, which the executor must bound anyway.
 */
@Injectable()
export class CredentialEvents {
  private readonly logger = new Logger('CredentialEvents');

  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  changed(ids: string[], change: CredentialChangedEvent['change'], context: CallerContext): void {
    const subject = Subjects.vault.credentialChanged;
    const headers = contextToHeaders(context);
    try {
      for (const id of ids) {
        const data: CredentialChangedEvent = { id, change };
        this.connection.publish(subject, JSON.stringify(data), { headers });
      }
    } catch (error) {
      this.logger.warn(`could not announce ${ids.length} credential change(s): ${(error as Error).message}`);
    }
  }
}
