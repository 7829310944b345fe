import { randomBytes } from 'node:crypto';

/** One JSON call to the gateway; throws with the answer unless the status is the expected one. */
async function api<T = any>(baseUrl: string, method: string, path: string, token: string | undefined, json: unknown, expected: number): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Signs in as the root administrator (changing the initial password as the first sign-in requires)
 * and creates an admin API credential: the key every scenario authenticates with, like a real client.
 */
export async function createBenchApiKey(gatewayUrl: string, rootEmail: string, rootPassword: string): Promise<string> {
  let session = await api(gatewayUrl, 'POST', '/api/v1/auth/login', undefined, { email: rootEmail, password: rootPassword }, 200);
  if (session.mustChangePassword) {
    session = await api(gatewayUrl, 'POST', '/api/v1/auth/password', session.accessToken, {
      currentPassword: rootPassword,
      newPassword: `Bench-${randomBytes(12).toString('base64url')}-Marker`,
    }, 200);
  }
  const credential = await api(gatewayUrl, 'POST', '/api/v1/api-credentials', session.accessToken, { name: 'bench', role: 'admin' }, 201);
  return credential.key as string;
}

export interface BenchTarget {
  connectorId: string;
  promptId: string;
}

/**
 * A stored provider credential, an openai-compatible-chat connector aimed at the fake and a published
 * prompt with two parameters: what a user sets up before executing.
 */
export async function createBenchPrompt(gatewayUrl: string, apiKey: string, fakeUrl: string, name: string): Promise<BenchTarget> {
  const credential = await api(gatewayUrl, 'POST', '/api/v1/credentials', apiKey, { name: `bench-key-${name}`, values: { apiKey: 'sk-bench-0123456789' } }, 201);
  const connector = await api(gatewayUrl, 'POST', '/api/v1/connectors', apiKey, {
    name: `bench-${name}`,
    preset: 'openai-compatible-chat',
    baseUrl: `${fakeUrl}/v1`,
    model: 'bench-model',
    credentialId: credential.id,
  }, 201);
  const prompt = await api(gatewayUrl, 'POST', '/api/v1/prompts', apiKey, { name: `bench-${name}` }, 201);
  await api(gatewayUrl, 'POST', `/api/v1/prompts/${prompt.id}/versions`, apiKey, {
    body: 'Translate {{text}} into {{language}}.',
    parameters: [
      { name: 'text', type: 'string' },
      { name: 'language', type: 'enum', enumValues: ['French', 'German'] },
    ],
    connector: { id: connector.id, version: '1' },
  }, 201);
  await api(gatewayUrl, 'PATCH', `/api/v1/prompts/${prompt.id}/versions/1/status`, apiKey, { status: 'published' }, 200);
  return { connectorId: connector.id, promptId: prompt.id };
}

/** The proxy request the bench sends (OpenAI chat completions wire format). */
export const CHAT_BODY = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'Translate good morning into French.' }] });

/**
 * Whether our proxy route answers a real call with 200 (it is built in parallel; until it lands on
 * main the scenario is reported as not available). Answers the reason when it is not.
 */
export async function probeProxy(gatewayUrl: string, apiKey: string, connectorId: string): Promise<string | undefined> {
  const response = await fetch(`${gatewayUrl}/api/v1/proxy/${connectorId}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: CHAT_BODY,
  });
  const text = await response.text();
  return response.status === 200 ? undefined : `POST /api/v1/proxy/:connectorId/chat/completions answered ${response.status}: ${text.slice(0, 200)}`;
}
