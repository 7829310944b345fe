import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { JwtError, signAccessToken, verifyAccessToken, type AccessClaims, type JwtSettings } from './jwt.js';

const settings: JwtSettings = {
  secret: Buffer.from('a-test-secret-that-is-at-least-32-bytes-long'),
  issuer: 'prst-gateway',
  audience: 'prst-api',
  maxLifetimeSeconds: 900,
};
const now = 1_800_000_000;
const claims = (overrides: Partial<AccessClaims> = {}): AccessClaims => ({
  iss: 'prst-gateway', aud: 'prst-api', sub: 'user-1', iat: now, nbf: now, exp: now + 900, jti: 'j', tv: 0, typ: 'access', ...overrides,
});
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hs = (input: string, secret = settings.secret) => createHmac('sha256', secret).update(input).digest('base64url');

function reason(token: string, at = now): string {
  try {
    verifyAccessToken(settings, token, at);
    return 'accepted';
  } catch (error) {
    assert.ok(error instanceof JwtError);
    return error.reason;
  }
}

describe('verifyAccessToken', () => {
  it('accepts a token it signed and returns its claims', () => {
    assert.equal(verifyAccessToken(settings, signAccessToken(settings, claims()), now + 10).sub, 'user-1');
  });

  it('refuses alg none, also with an empty signature', () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}`;
    assert.equal(reason(`${unsigned}.`), 'malformed');
    assert.equal(reason(`${unsigned}.${hs(unsigned)}`), 'algorithm');
  });

  it('refuses RS256 and an HS256 token signed with an RSA public key as the secret', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsInput = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims())}`;
    assert.equal(reason(`${rsInput}.${rsaSign('sha256', Buffer.from(rsInput), privateKey).toString('base64url')}`), 'algorithm');
    const pem = publicKey.export({ type: 'spki', format: 'pem' });
    const confused = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims())}`;
    assert.equal(reason(`${confused}.${hs(confused, Buffer.from(pem))}`), 'signature');
  });

  it('refuses a wrong signature and a tampered payload', () => {
    const token = signAccessToken(settings, claims());
    const [h, p] = token.split('.');
    assert.equal(reason(`${h}.${p}.${hs(`${h}.${p}`, Buffer.from('another-secret-another-secret-1234'))}`), 'signature');
    const tampered = b64(claims({ sub: 'root' }));
    assert.equal(reason(`${h}.${tampered}.${token.split('.')[2]}`), 'signature');
  });

  it('refuses expired, not yet valid, wrong issuer, wrong audience and overlong tokens', () => {
    assert.equal(reason(signAccessToken(settings, claims()), now + 1000), 'expired');
    assert.equal(reason(signAccessToken(settings, claims({ nbf: now + 300 }))), 'not-yet-valid');
    assert.equal(reason(signAccessToken(settings, claims({ iss: 'someone-else' }))), 'issuer');
    assert.equal(reason(signAccessToken(settings, claims({ aud: 'other-api' }))), 'audience');
    assert.equal(reason(signAccessToken(settings, claims({ exp: now + 86400 }))), 'claims');
  });

  it('refuses garbage', () => {
    for (const token of ['', 'a.b', 'a.b.c.d', '!!!.???.***', `${b64('x')}.${b64('y')}.${hs('z')}`]) {
      assert.notEqual(reason(token), 'accepted', token);
    }
  });
});
