import { randomBytes } from 'node:crypto';
import type { Role } from '@prst/contracts';
import { call } from './http.js';

/** What the helpers need of a running suite (a TestSuite from startTestSuite fits). */
export interface SuiteAccess {
  gatewayUrl: string;
  rootEmail: string;
  rootPassword: string;
}

interface RootState {
  password: string;
  token?: string;
  obtainedAt?: number;
}

const rootStates = new WeakMap<SuiteAccess, RootState>();
/** Access tokens live 15 minutes; re-sign-in well before that. */
const TOKEN_REUSE_MS = 10 * 60 * 1000;

/** A password that passes the policy (≥ 12 characters, judged strong), different on every call. */
export function strongPassword(): string {
  return `Quartz-${randomBytes(12).toString('base64url')}-Harbor`;
}

function fail(what: string, answer: { status: number; body: unknown }): never {
  throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/** Signs in and answers the tokens (throws unless 200). */
export async function login(env: Pick<SuiteAccess, 'gatewayUrl'>, email: string, password: string) {
  const answer = await call(env.gatewayUrl, 'POST', '/api/v1/auth/login', { json: { email, password } });
  if (answer.status !== 200) fail(`POST /api/v1/auth/login as ${email}`, answer);
  return answer.body as { accessToken: string; refreshToken: string; expiresIn: number; mustChangePassword: boolean };
}

/**
 * An access token of the root administrator. The first call signs in with the initial password and
 * performs the required first password change; later calls on the same suite reuse the session.
 */
export async function adminSession(env: SuiteAccess): Promise<string> {
  let state = rootStates.get(env);
  if (!state) {
    state = { password: env.rootPassword };
    rootStates.set(env, state);
  }
  if (state.token && Date.now() - (state.obtainedAt ?? 0) < TOKEN_REUSE_MS) return state.token;
  const session = await login(env, env.rootEmail, state.password);
  let token = session.accessToken;
  if (session.mustChangePassword) {
    const newPassword = strongPassword();
    const changed = await call(env.gatewayUrl, 'POST', '/api/v1/auth/password', {
      token,
      json: { currentPassword: state.password, newPassword },
    });
    if (changed.status !== 200) fail('POST /api/v1/auth/password (first sign-in)', changed);
    state.password = newPassword;
    token = changed.body.accessToken as string;
  }
  state.token = token;
  state.obtainedAt = Date.now();
  return token;
}

/** The root administrator's current password (after adminSession changed it). */
export function rootPassword(env: SuiteAccess): string {
  return rootStates.get(env)?.password ?? env.rootPassword;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  /** An access token of the new user. */
  token: string;
}

/** Creates a user with the given role (as root) and signs in as that user. */
export async function createUser(env: SuiteAccess, role: Role, email = `${role}-${randomBytes(4).toString('hex')}@example.com`): Promise<TestUser> {
  const password = strongPassword();
  const created = await call(env.gatewayUrl, 'POST', '/api/v1/users', { token: await adminSession(env), json: { email, role, password } });
  if (created.status !== 201) fail('POST /api/v1/users', created);
  const session = await login(env, email, password);
  return { id: created.body.id as string, email, password, role, token: session.accessToken };
}

export interface TestApiCredential {
  id: string;
  key: string;
  role: Role;
  permissions: string[] | null;
}

/**
 * Creates an API credential (as root unless `token` is given), optionally limited to some
 * permissions (for example `['feedback.write']`) or expiring at `expiresAt`.
 */
export async function createApiCredential(
  env: SuiteAccess,
  role: Role,
  options: { permissions?: string[]; expiresAt?: string; name?: string; token?: string } = {},
): Promise<TestApiCredential> {
  const created = await call(env.gatewayUrl, 'POST', '/api/v1/api-credentials', {
    token: options.token ?? (await adminSession(env)),
    json: {
      name: options.name ?? `test ${role} key`,
      role,
      ...(options.permissions ? { permissions: options.permissions } : {}),
      ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
    },
  });
  if (created.status !== 201) fail('POST /api/v1/api-credentials', created);
  return { id: created.body.id, key: created.body.key, role, permissions: created.body.permissions };
}
