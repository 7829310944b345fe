import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { CallerContext } from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { SUPPORT_SETTINGS, type SupportIdentity, type SupportSettings } from '../config/support-settings.js';
import { DeliveryRepository, type ClaimedJob } from './delivery.repository.js';
import type { DeliveryTrigger } from './delivery-trigger.js';
import { decideAttempt } from './retry-policy.js';
import { buildSupportNotification } from './support-notification.js';
import { VendorClient } from './vendor-client.js';

const AUDIT_BATCH = 50;

/**
 * Delivers the outbox: every poll interval (and right after a ticket is created) it sends due
 * tickets one by one, each inside the transaction that locked its job, and records the attempt.
 * Exists only while support is on. After a restart it simply finds the pending jobs again.
 */
@Injectable()
export class DeliveryWorker implements DeliveryTrigger, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeliveryWorker');
  private readonly identity: SupportIdentity;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(SUPPORT_SETTINGS) private readonly settings: SupportSettings,
    private readonly repository: DeliveryRepository,
    private readonly client: VendorClient,
    private readonly audit: AuditPublisher,
  ) {
    if (!settings.identity) throw new Error('DeliveryWorker needs support to be enabled');
    this.identity = settings.identity;
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  nudge(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = this.drain();
    await this.running;
    this.running = undefined;
    const immediately = this.again;
    this.again = false;
    this.schedule(immediately ? 0 : this.settings.pollIntervalMs);
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.deliverOne())) {
        // keep going while jobs are due
      }
      await this.auditOutcomes();
    } catch (error) {
      // Database or NATS trouble: the jobs stay pending and the next poll tries again.
      this.logger.warn(`delivery worker: ${(error as Error).message}`);
    }
  }

  /** Sends the oldest due ticket, if any; true when one was worked on. */
  async deliverOne(): Promise<boolean> {
    return this.repository.inTransaction(async (manager) => {
      const job = await this.repository.claimDue(manager);
      if (!job) return false;
      const attempt = job.attempts + 1;
      const startedAt = new Date();
      const result = await this.client.send(buildSupportNotification(this.identity, toTicket(job)));
      const durationMs = Date.now() - startedAt.getTime();
      const decision = decideAttempt(result, attempt, job.createdAt, await this.repository.now(manager), this.settings.retry);
      await this.repository.recordAttempt(manager, job, { number: attempt, startedAt, durationMs }, decision);
      if (decision.outcome === 'sent') {
        this.logger.log(`support ticket ${job.ticketId} delivered on attempt ${attempt}`);
      } else if (decision.outcome === 'retry') {
        this.logger.warn(
          `support ticket ${job.ticketId}: attempt ${attempt} failed (${decision.error}); next attempt at ${decision.nextAttemptAt.toISOString()}`,
        );
      } else {
        this.logger.warn(`support ticket ${job.ticketId}: delivery failed for good on attempt ${attempt}: ${decision.error}`);
      }
      return true;
    });
  }

  /**
   * Puts every finished delivery into the audit trail. Runs after the outcome is committed, so an
   * audit outage never causes a second send; unaudited outcomes are retried on the next poll.
   */
  private async auditOutcomes(): Promise<void> {
    for (const job of await this.repository.findUnaudited(AUDIT_BATCH)) {
      const sent = job.state === 'sent';
      await this.audit.publish(
        {
          action: sent ? 'support.ticket.delivered' : 'support.ticket.delivery_failed',
          outcome: sent ? 'success' : 'failure',
          resource: { type: 'support_ticket', id: job.ticketId },
          details: {
            category: job.category,
            attempts: job.attempts,
            endpoint: this.settings.apiUrl.origin,
            ...(sent ? {} : { reason: job.lastError }),
          },
        },
        systemContext(),
      );
      await this.repository.markAudited(job.ticketId);
    }
  }
}

function toTicket(job: ClaimedJob) {
  return { id: job.ticketId, category: job.category, description: job.description };
}

function systemContext(): CallerContext {
  return { requestId: randomUUID(), principalType: 'system', principalId: 'support-notifier' };
}
