import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PrstError } from '@prst/contracts';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';
import { ThrottleRepository } from './throttle.repository.js';

/** A 429 that tells the client when to try again (the HTTP filter sets Retry-After). */
export class TooManyAttemptsError extends PrstError {
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY_ATTEMPTS', `Too many failed attempts. Try again in ${retryAfterSeconds} seconds.`);
  }
}

export interface ThrottleKey {
  key: string;
  limit: number;
}

/**
 * Limits failed logins per account and per client address, and bad API keys per client address.
 * Only failures count; a blocked key answers 429 before any password is checked.
 */
@Injectable()
export class ThrottleService implements OnModuleInit, OnModuleDestroy {
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly repository: ThrottleRepository,
  ) {}

  onModuleInit(): void {
    this.pruneTimer = setInterval(() => void this.repository.prune(this.env.THROTTLE_WINDOW_SECONDS).catch(() => undefined), 10 * 60 * 1000);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  /** The counters of a login attempt: the account (by a digest of its e-mail) and the address. */
  loginKeys(email: string, address: string): ThrottleKey[] {
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
    return [
      { key: `login:account:${account}`, limit: this.env.LOGIN_MAX_FAILURES_PER_ACCOUNT },
      { key: `login:address:${address}`, limit: this.env.LOGIN_MAX_FAILURES_PER_ADDRESS },
    ];
  }

  apiKeyKeys(address: string): ThrottleKey[] {
    return [{ key: `api-key:address:${address}`, limit: this.env.LOGIN_MAX_FAILURES_PER_ADDRESS }];
  }

  /** Throws TooManyAttemptsError (429) when any of the counters has reached its limit. */
  async assertAllowed(keys: ThrottleKey[]): Promise<void> {
    const limits = new Map(keys.map((k) => [k.key, k.limit]));
    const counters = await this.repository.read([...limits.keys()], this.env.THROTTLE_WINDOW_SECONDS);
    const exceeded = counters.filter((counter) => counter.failures >= (limits.get(counter.key) ?? Infinity));
    if (exceeded.length) throw new TooManyAttemptsError(Math.max(1, ...exceeded.map((counter) => counter.secondsLeft)));
  }

  recordFailure(keys: ThrottleKey[]): Promise<void> {
    return this.repository.increment(keys.map((k) => k.key), this.env.THROTTLE_WINDOW_SECONDS);
  }

  /** A successful login clears the account's counter (the address keeps its own). */
  clearAccount(keys: ThrottleKey[]): Promise<void> {
    const account = keys.find((k) => k.key.startsWith('login:account:'));
    return account ? this.repository.clear(account.key) : Promise.resolve();
  }
}
