import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Role } from '@prst/contracts';
import { gatewayRoutes, PERMISSIONS, type RouteInfo } from '@prst/gateway/routes';
import { startTestSuite, type TestSuite } from '@prst/local-infra';
import { adminSession, call, createApiCredential, createUser } from '../src/index.js';

interface Caller {
  name: string;
  token?: string;
  role?: Role;
  /** An API key limited to some permissions. */
  permissions?: string[];
}

/**
 * Walks every registered HTTP route (read from the controllers' metadata) with every kind of caller
 * and compares the answer with the one declared table, PERMISSIONS: a route without a declaration,
 * or one whose guard disagrees with the table, fails here.
 */
describe('route × role matrix', () => {
  let env: TestSuite;
  const routes = gatewayRoutes();
  const callers: Caller[] = [{ name: 'anonymous' }];

  before(async () => {
    env = await startTestSuite('route-matrix');
    callers.push({ name: 'admin user', role: 'admin', token: await adminSession(env) });
    for (const role of ['editor', 'viewer'] as const) {
      callers.push({ name: `${role} user`, role, token: (await createUser(env, role)).token });
    }
    for (const role of ['admin', 'editor', 'viewer'] as const) {
      callers.push({ name: `${role} API key`, role, token: (await createApiCredential(env, role)).key });
    }
    callers.push({ name: 'feedback-only API key', role: 'editor', permissions: ['feedback.write'], token: (await createApiCredential(env, 'editor', { permissions: ['feedback.write'] })).key });
  });
  after(async () => {
    await env?.stop();
  });

  it('declares a permission of the table, or @Public, on every route', () => {
    assert.ok(routes.length >= 10);
    const undeclared = routes.filter((route) => route.permission !== 'public' && !(route.permission! in PERMISSIONS));
    assert.deepEqual(undeclared.map((route) => `${route.method} ${route.path}`), []);
  });

  it('serves the API documentation (/api/docs) to anyone: it describes routes, not data', () => {
    const docs = routes.filter((route) => route.path === '/api/docs' || route.path.startsWith('/api/docs/'));
    assert.ok(docs.some((route) => route.path === '/api/docs/openapi.json'));
    assert.deepEqual(docs.filter((route) => route.permission !== 'public').map((route) => route.path), []);
  });

  it('lets exactly the roles of the table through each route', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      for (const caller of route.permission === 'public' ? callers.slice(0, 1) : callers) {
        const outcome = await attempt(route, caller);
        const expected = expectation(route, caller);
        if (outcome !== expected) mismatches.push(`${route.method} ${route.path} as ${caller.name}: expected ${expected}, got ${outcome}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });

  it('takes an API key as x-api-key (what the Anthropic SDK sends) on the proxy routes only', async () => {
    const proxyRoutes = routes.filter((route) => route.path.startsWith('/api/v1/proxy/'));
    assert.deepEqual(
      routes.filter((route) => route.acceptsApiKeyHeader).map((route) => `${route.method} ${route.path}`),
      proxyRoutes.map((route) => `${route.method} ${route.path}`),
    );
    assert.ok(proxyRoutes.length >= 4);
    const adminKey = callers.find((caller) => caller.name === 'admin API key')!.token!;
    const mismatches: string[] = [];
    for (const route of routes.filter((candidate) => candidate.permission !== 'public')) {
      const outcome = await attempt(route, { name: 'x-api-key' }, { 'x-api-key': adminKey });
      const expected = route.acceptsApiKeyHeader ? 'passes' : 'unauthenticated';
      if (outcome !== expected) mismatches.push(`${route.method} ${route.path}: expected ${expected}, got ${outcome}`);
    }
    assert.deepEqual(mismatches, []);
  });

  function expectation(route: RouteInfo, caller: Caller): 'passes' | 'unauthenticated' | 'forbidden' {
    if (route.permission === 'public') return 'passes';
    if (!caller.token) return 'unauthenticated';
    const roles = PERMISSIONS[route.permission as keyof typeof PERMISSIONS] as readonly string[];
    const allowed = roles.includes(caller.role!) && (!caller.permissions || caller.permissions.includes(route.permission!));
    return allowed ? 'passes' : 'forbidden';
  }

  /** Calls a route with placeholder ids and an empty body: enough for the guard to decide, harmless past it. */
  async function attempt(route: RouteInfo, caller: Caller, headers?: Record<string, string>): Promise<string> {
    const path = route.path.replace(/:\w+/g, randomUUID());
    const withBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
    const answer = await call(env.gatewayUrl, route.method, path, { token: caller.token, headers, ...(withBody ? { json: {} } : {}) });
    if (answer.status === 401) return 'unauthenticated';
    if (answer.status === 403 && answer.body?.name === 'FORBIDDEN') return 'forbidden';
    return 'passes';
  }
});
