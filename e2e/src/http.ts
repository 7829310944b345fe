/** The answer of one HTTP call, with the body parsed as JSON when it is JSON. */
export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the gateway like a user would; `json` is sent as the body. */
export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { json?: unknown; body?: string; headers?: Record<string, string>; token?: string } = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  // NDJSON (an export) stays text: it is many JSON documents, not one.
  if (/application\/(?:[\w.-]+\+)?json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T };
}
