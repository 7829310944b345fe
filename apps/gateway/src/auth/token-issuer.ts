import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';
import { IdentityKeys } from '../identity/identity-keys.js';
import { signAccessToken } from './jwt.js';
import { SessionsRepository } from './sessions.repository.js';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** Refresh tokens start with prst_ so that the log redactor recognises them wherever they appear. */
export const REFRESH_TOKEN_PREFIX = 'prst_rt_';

/** Issues an access token (HS256 JWT) and the next refresh token of a session family. */
@Injectable()
export class TokenIssuer {
  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly keys: IdentityKeys,
    private readonly sessions: SessionsRepository,
  ) {}

  async issue(
    user: { id: string; tokenVersion: number },
    manager: EntityManager,
    familyId: string = randomUUID(),
  ): Promise<IssuedTokens> {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = this.env.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = signAccessToken(this.keys.jwt, {
      iss: this.keys.jwt.issuer,
      aud: this.keys.jwt.audience,
      sub: user.id,
      iat: now,
      nbf: now,
      exp: now + expiresIn,
      jti: randomUUID(),
      tv: user.tokenVersion,
      typ: 'access',
    });
    const refreshToken = `${REFRESH_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    await this.sessions.insert(
      {
        familyId,
        userId: user.id,
        tokenHash: this.keys.storedHash(refreshToken),
        expiresAt: new Date(Date.now() + this.env.REFRESH_TOKEN_TTL_SECONDS * 1000),
      },
      manager,
    );
    return { accessToken, refreshToken, expiresIn };
  }
}
