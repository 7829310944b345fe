import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';
import { ApiCredentialsRepository } from './api-credentials.repository.js';

/**
 * Collects "last used" stamps of API credentials in memory and writes them in one statement every
 * LAST_USED_FLUSH_MS, so that a request authenticated with a key costs no database write.
 */
@Injectable()
export class LastUsedTracker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LastUsedTracker');
  private pending = new Map<string, Date>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly repository: ApiCredentialsRepository,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.env.LAST_USED_FLUSH_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  touch(credentialId: string): void {
    this.pending.set(credentialId, new Date());
  }

  async flush(): Promise<void> {
    if (!this.pending.size) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.repository.stampLastUsed(batch);
    } catch (error) {
      this.logger.warn(`could not write last-used stamps: ${(error as Error).message}`);
      for (const [id, at] of batch) if (!this.pending.has(id)) this.pending.set(id, at);
    }
  }
}
