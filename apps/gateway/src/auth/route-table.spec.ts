import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayRoutes } from '../routes.js';
import { PERMISSIONS } from './permissions.js';
import { PUBLIC_PERMISSION } from './permission.decorator.js';

describe('gatewayRoutes', () => {
  const routes = gatewayRoutes();

  it('finds the identity and health routes', () => {
    const keys = routes.map((route) => `${route.method} ${route.path}`);
    for (const expected of ['POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'GET /api/v1/health', 'DELETE /api/v1/api-credentials/:id']) {
      assert.ok(keys.includes(expected), expected);
    }
  });

  it('finds a declared permission of the table (or @Public) on every route', () => {
    const undeclared = routes.filter((route) => route.permission !== PUBLIC_PERMISSION && !(route.permission! in PERMISSIONS));
    assert.deepEqual(undeclared.map((route) => `${route.method} ${route.path} (${route.controller}.${route.handler})`), []);
  });

  it('lets only /auth/password and /auth/me through before the initial password is changed', () => {
    const allowed = routes.filter((route) => route.allowedBeforePasswordChange && route.permission !== PUBLIC_PERMISSION);
    assert.deepEqual(allowed.map((route) => `${route.method} ${route.path}`).sort(), ['GET /api/v1/auth/me', 'POST /api/v1/auth/password']);
  });
});
