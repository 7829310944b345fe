import { Inject, Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';

/** argon2id hashing of user passwords (OWASP's minimum: m = 19 MiB, t = 2, p = 1, or stronger). */
@Injectable()
export class PasswordHasher {
  private readonly options;
  /** A hash of nothing in particular, verified when an e-mail is unknown so both answers take as long. */
  private dummyHash: Promise<string> | undefined;

  constructor(@Inject(GATEWAY_ENV) env: Pick<GatewayEnv, 'ARGON2_MEMORY_KIB' | 'ARGON2_TIME_COST'>) {
    this.options = { algorithm: Algorithm.Argon2id, memoryCost: env.ARGON2_MEMORY_KIB, timeCost: env.ARGON2_TIME_COST, parallelism: 1 };
  }

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real check, for unknown accounts; always false. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('no account has this password: equal timing only');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
