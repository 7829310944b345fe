// Gets an admin API credential from the running suite the way an operator would: sign in as the root
// administrator, make the required first password change, create an API credential with role admin.
import { randomBytes } from 'node:crypto';
import type { TestSuite } from '@prst/local-infra';

async function post(baseUrl: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function expect(what: string, answer: { status: number; body: unknown }, status: number): void {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/**
 * An admin API credential (`prst_…`). Until identity (issue 3) is on main the gateway has no sign-in
 * and authenticates nobody, so a made-up key of the same shape is returned and `identity` is false.
 */
export async function adminApiKey(env: TestSuite): Promise<{ key: string; identity: boolean }> {
  const probe = await post(env.gatewayUrl, '/api/v1/auth/login', {});
  if (probe.status === 404) return { key: `prst_${randomBytes(24).toString('base64url')}`, identity: false };
  // rootEmail/rootPassword arrive with identity's test harness; read them without depending on its types.
  const root = env as TestSuite & { rootEmail?: string; rootPassword?: string };
  if (!root.rootEmail || !root.rootPassword) throw new Error('the test suite does not expose the root administrator');
  const login = await post(env.gatewayUrl, '/api/v1/auth/login', { email: root.rootEmail, password: root.rootPassword });
  expect('POST /api/v1/auth/login', login, 200);
  let token: string = login.body.accessToken;
  if (login.body.mustChangePassword) {
    const newPassword = `Kubectl-${randomBytes(12).toString('base64url')}-Harbor`;
    const changed = await post(env.gatewayUrl, '/api/v1/auth/password', { currentPassword: root.rootPassword, newPassword }, token);
    expect('POST /api/v1/auth/password', changed, 200);
    token = changed.body.accessToken ?? (await post(env.gatewayUrl, '/api/v1/auth/login', { email: root.rootEmail, password: newPassword })).body.accessToken;
  }
  const created = await post(env.gatewayUrl, '/api/v1/api-credentials', { name: 'kubectl-prst', role: 'admin' }, token);
  expect('POST /api/v1/api-credentials', created, 201);
  return { key: created.body.key, identity: true };
}

/** Whether the gateway has the route at all (an unknown route answers 404 ROUTE_NOT_FOUND). */
export async function offers(env: TestSuite, method: string, path: string, key: string): Promise<boolean> {
  const response = await fetch(`${env.gatewayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : '{}',
  });
  const text = await response.text();
  return !(response.status === 404 && text.includes('ROUTE_NOT_FOUND'));
}
