import { createHmac, timingSafeEqual } from 'node:crypto';

/** The claims of an access token issued by this gateway. */
export interface AccessClaims {
  iss: string;
  aud: string;
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  /** The user's token version: a password change or termination bumps it and ends older tokens. */
  tv: number;
  typ: 'access';
}

export interface JwtSettings {
  secret: Buffer;
  issuer: string;
  audience: string;
  /** The longest lifetime accepted, in seconds; longer-lived tokens are refused even when signed. */
  maxLifetimeSeconds: number;
  /** Tolerance for clock differences between replicas, in seconds. */
  clockToleranceSeconds?: number;
}

export type JwtFailure = 'malformed' | 'algorithm' | 'signature' | 'expired' | 'not-yet-valid' | 'issuer' | 'audience' | 'claims';

export class JwtError extends Error {
  constructor(readonly reason: JwtFailure) {
    super(`access token rejected: ${reason}`);
  }
}

// Only this header is ever produced, so it is pre-encoded once.
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function sign(secret: Buffer, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signAccessToken(settings: JwtSettings, claims: AccessClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign(settings.secret, `${HEADER}.${payload}`).toString('base64url');
  return `${HEADER}.${payload}.${signature}`;
}

function parseJson(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('malformed');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new JwtError('malformed');
  return value as Record<string, unknown>;
}

/**
 * Verifies an access token by hand, refusing everything that is not exactly what we issue: the
 * algorithm allow-list is HS256 only (so `alg: none` and RS/HS confusion cannot apply), the signature
 * is compared in constant time before the payload is trusted, and iss, aud, exp, nbf and the lifetime
 * are all checked.
 */
export function verifyAccessToken(settings: JwtSettings, token: string, nowSeconds = Math.floor(Date.now() / 1000)): AccessClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) throw new JwtError('malformed');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = parseJson(headerPart);
  if (header.alg !== 'HS256' || (header.typ !== undefined && header.typ !== 'JWT') || 'crit' in header) {
    throw new JwtError('algorithm');
  }
  const expected = sign(settings.secret, `${headerPart}.${payloadPart}`);
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new JwtError('signature');

  const claims = parseJson(payloadPart);
  const tolerance = settings.clockToleranceSeconds ?? 5;
  const { iss, aud, sub, iat, nbf, exp, jti, tv, typ } = claims;
  if (
    typeof sub !== 'string' || typeof iat !== 'number' || typeof exp !== 'number' || typeof jti !== 'string' ||
    typeof tv !== 'number' || typ !== 'access' || (nbf !== undefined && typeof nbf !== 'number')
  ) {
    throw new JwtError('claims');
  }
  if (iss !== settings.issuer) throw new JwtError('issuer');
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(settings.audience)) throw new JwtError('audience');
  if (exp <= nowSeconds - tolerance) throw new JwtError('expired');
  if (exp - iat > settings.maxLifetimeSeconds) throw new JwtError('claims');
  const notBefore = typeof nbf === 'number' ? nbf : iat;
  if (notBefore > nowSeconds + tolerance || iat > nowSeconds + tolerance) throw new JwtError('not-yet-valid');
  return claims as unknown as AccessClaims;
}
