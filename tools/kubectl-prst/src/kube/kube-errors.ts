import { CliError } from '../cli/cli-error.js';

/** The Status object an API server answers errors with. */
interface KubeStatus {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

function statusOf(body: unknown): KubeStatus | undefined {
  if (typeof body === 'string') {
    try {
      return statusOf(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  return typeof body === 'object' && body !== null ? (body as KubeStatus) : undefined;
}

/** Thrown for an API server error answer; `code` lets callers turn a 404 into "no such …". */
export class KubeApiError extends CliError {
  constructor(
    readonly code: number,
    readonly reason: string | undefined,
    message: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/**
 * Runs one API server call and turns its failures into messages an operator can act on: RBAC
 * forbidden (403, with the server's own sentence naming user, verb and resource), unauthorized (401),
 * not found (404), and an unreachable API server.
 */
export async function kubeCall<T>(what: string, server: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number') {
      const status = statusOf((error as { body?: unknown }).body);
      const message = status?.message ?? `HTTP ${code}`;
      if (code === 403) {
        throw new KubeApiError(
          403,
          status?.reason,
          `RBAC forbidden while trying to ${what}: ${message}`,
          'ask a cluster administrator for a Role that allows it (see the kubectl-prst README for the minimal Role)',
        );
      }
      if (code === 401) {
        throw new KubeApiError(401, status?.reason, `the Kubernetes API server at ${server} refused the credentials of the current context (401 Unauthorized)`, 'log in again or refresh the kubeconfig');
      }
      throw new KubeApiError(code, status?.reason, `cannot ${what}: ${message} (HTTP ${code})`);
    }
    const systemCode = (error as { code?: string }).code;
    if (systemCode) {
      throw new CliError(`cannot reach the Kubernetes API server at ${server} (${systemCode})`, 'check the kubeconfig context and your network/VPN, or use --server URL');
    }
    throw new CliError(`cannot talk to the Kubernetes API server at ${server}: ${(error as Error).message}`, 'check the kubeconfig (cluster URL, certificates, credentials)');
  }
}
