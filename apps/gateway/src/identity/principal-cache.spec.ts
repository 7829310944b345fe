import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayEnv } from '../config/gateway-env.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { ApiCredentialsRepository } from '../api-credentials/api-credentials.repository.js';
import { PrincipalCache, type CredentialState, type UserState } from './principal-cache.js';

function setup(ttl = 10000) {
  const queries = { users: 0, credentials: 0 };
  const users = new Map<string, UserState>([['u1', { id: 'u1', email: 'a@b.c', role: 'editor', status: 'active', tokenVersion: 0, mustChangePassword: false }]]);
  const credential: CredentialState = { id: 'k1', role: 'viewer', permissions: null, createdBy: 'u1', expiresAt: null, revokedAt: null };
  const usersRepository = { findState: async (id: string) => (queries.users++, users.get(id)) } as unknown as UsersRepository;
  const credentialsRepository = {
    findStateByHash: async (hash: Buffer) => (queries.credentials++, hash.toString() === 'key-1' ? credential : undefined),
  } as unknown as ApiCredentialsRepository;
  const cache = new PrincipalCache({ AUTH_CACHE_TTL_MS: ttl } as GatewayEnv, usersRepository, credentialsRepository);
  return { cache, queries, users };
}

describe('PrincipalCache', () => {
  it('answers repeated lookups of a user from memory, one query for concurrent misses', async () => {
    const { cache, queries } = setup();
    await Promise.all([cache.user('u1'), cache.user('u1')]);
    await cache.user('u1');
    assert.equal(queries.users, 1);
  });

  it('reloads a user at once after evictUser', async () => {
    const { cache, queries, users } = setup();
    await cache.user('u1');
    users.set('u1', { ...users.get('u1')!, status: 'terminated' });
    cache.evictUser('u1');
    assert.equal((await cache.user('u1'))?.status, 'terminated');
    assert.equal(queries.users, 2);
  });

  it('evicts a credential by id although it is cached by hash', async () => {
    const { cache, queries } = setup();
    await cache.credential(Buffer.from('key-1'));
    assert.equal(cache.hasCredential(Buffer.from('key-1')), true);
    cache.evictCredential('k1');
    assert.equal(cache.hasCredential(Buffer.from('key-1')), false);
    await cache.credential(Buffer.from('key-1'));
    assert.equal(queries.credentials, 2);
  });

  it('does not keep unknown keys, so guessed values cannot fill the memory', async () => {
    const { cache } = setup();
    assert.equal(await cache.credential(Buffer.from('guess')), undefined);
    assert.equal(cache.hasCredential(Buffer.from('guess')), false);
  });

  it('does not cache at all with a TTL of 0', async () => {
    const { cache, queries } = setup(0);
    await cache.user('u1');
    await cache.user('u1');
    assert.equal(queries.users, 2);
  });
});
