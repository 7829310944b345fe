import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request values every log line carries, whichever function logs. */
export interface RequestScope {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` with `scope` as the current request scope (propagates through awaits). */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
