import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayEnv } from '../config/gateway-env.js';
import type { ThrottleCounter, ThrottleRepository } from './throttle.repository.js';
import { ThrottleService, TooManyAttemptsError } from './throttle.service.js';

const env = { LOGIN_MAX_FAILURES_PER_ACCOUNT: 5, LOGIN_MAX_FAILURES_PER_ADDRESS: 20, THROTTLE_WINDOW_SECONDS: 60 } as GatewayEnv;

function serviceWith(counters: ThrottleCounter[]): ThrottleService {
  const repository = { read: async (keys: string[]) => counters.filter((c) => keys.includes(c.key)) } as unknown as ThrottleRepository;
  return new ThrottleService(env, repository);
}

describe('ThrottleService', () => {
  describe('assertAllowed', () => {
    it('allows an account below its limit', async () => {
      const service = serviceWith([]);
      const keys = service.loginKeys('Alice@Example.com', '10.0.0.1');
      const account = keys[0]!.key;
      await serviceWith([{ key: account, failures: 4, secondsLeft: 30 }]).assertAllowed(keys);
    });

    it('refuses an account at its limit with the seconds left of the window', async () => {
      const keys = serviceWith([]).loginKeys('alice@example.com', '10.0.0.1');
      const error = await serviceWith([{ key: keys[0]!.key, failures: 5, secondsLeft: 42 }]).assertAllowed(keys).catch((e) => e);
      assert.ok(error instanceof TooManyAttemptsError);
      assert.equal(error.retryAfterSeconds, 42);
      assert.equal(error.serverCode, 429);
    });

    it('counts an e-mail in any letter case as the same account', () => {
      const service = serviceWith([]);
      assert.equal(service.loginKeys('ALICE@example.com ', 'a')[0]!.key, service.loginKeys('alice@example.com', 'b')[0]!.key);
    });

    it('applies the higher per-address limit to the address', async () => {
      const keys = serviceWith([]).loginKeys('bob@example.com', '10.0.0.2');
      await serviceWith([{ key: keys[1]!.key, failures: 19, secondsLeft: 10 }]).assertAllowed(keys);
      await assert.rejects(serviceWith([{ key: keys[1]!.key, failures: 20, secondsLeft: 10 }]).assertAllowed(keys), TooManyAttemptsError);
    });
  });
});
