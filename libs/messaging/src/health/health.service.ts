import { Inject, Injectable } from '@nestjs/common';
import type { ServiceHealthReply } from '@prst/contracts';
import { DEPENDENCY_CHECKS, SERVICE_IDENTITY, type DependencyCheck, type ServiceIdentity } from './dependency-check.js';

@Injectable()
export class HealthService {
  constructor(
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(DEPENDENCY_CHECKS) private readonly checks: DependencyCheck[],
  ) {}

  async report(): Promise<ServiceHealthReply> {
    const results = await Promise.all(
      this.checks.map(async (dependency) => {
        try {
          return [dependency.name, await dependency.check()] as const;
        } catch (error) {
          return [dependency.name, { status: 'error' as const, detail: (error as Error).message }] as const;
        }
      }),
    );
    const dependencies = Object.fromEntries(results);
    const healthy = results.every(([, result]) => result.status === 'ok');
    return { status: healthy ? 'ok' : 'error', service: this.identity.app, version: this.identity.version, dependencies };
  }
}
