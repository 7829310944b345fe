import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';
import type { JwtSettings } from '../auth/jwt.js';

/**
 * The gateway's keys, all fixed at boot: the JWT signing key, and the HMAC key under which API
 * credentials and refresh tokens are stored. Stored values are keyed hashes, so a copy of the
 * database alone cannot be used to sign in; HMAC instead of argon2 because these are ≥128-bit random
 * values (nothing to brute-force) and the API-key check sits on every request.
 */
@Injectable()
export class IdentityKeys {
  readonly jwt: JwtSettings;
  /** A KeyObject, imported once: createHmac with a raw Buffer re-imports the key on every request. */
  private readonly storageKey: KeyObject;

  constructor(@Inject(GATEWAY_ENV) env: GatewayEnv) {
    this.jwt = {
      secret: Buffer.from(env.JWT_SECRET, 'utf8'),
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      maxLifetimeSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    };
    const base = env.API_KEY_HASH_SECRET ?? env.JWT_SECRET;
    this.storageKey = createSecretKey(Buffer.from(hkdfSync('sha256', Buffer.from(base, 'utf8'), Buffer.alloc(0), 'prst identity storage v1', 32)));
  }

  /** The stored form of an API key or refresh token. */
  storedHash(value: string): Buffer {
    return createHmac('sha256', this.storageKey).update(value).digest();
  }
}
