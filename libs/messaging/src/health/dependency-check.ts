import type { DependencyHealth } from '@prst/contracts';

/** Something a service depends on and can check, such as its database. */
export interface DependencyCheck {
  readonly name: string;
  check(): Promise<DependencyHealth>;
}

export const DEPENDENCY_CHECKS = Symbol('DEPENDENCY_CHECKS');
export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');

export interface ServiceIdentity {
  app: string;
  version: string;
}
