import { Controller, Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { HEALTH_SUBJECTS, type AppName, type ServiceHealthReply } from '@prst/contracts';
import { HealthService } from './health.service.js';
import { DEPENDENCY_CHECKS, SERVICE_IDENTITY } from './dependency-check.js';

function healthController(app: AppName): Type {
  @Controller()
  class HealthController {
    constructor(private readonly health: HealthService) {}

    @MessagePattern(HEALTH_SUBJECTS[app])
    report(): Promise<ServiceHealthReply> {
      return this.health.report();
    }
  }
  return HealthController;
}

/**
 * Answers `prst.<service>.health.v1` with the service's version and the state of its dependencies.
 * `checks` lists the providers (tokens) implementing DependencyCheck.
 */
@Module({})
export class HealthModule {
  static forService(app: AppName, version: string, checks: Type[] = [], imports: DynamicModule[] = []): DynamicModule {
    const checksProvider: Provider = {
      provide: DEPENDENCY_CHECKS,
      useFactory: (...instances: unknown[]) => instances,
      inject: checks,
    };
    return {
      module: HealthModule,
      imports,
      controllers: [healthController(app)],
      providers: [{ provide: SERVICE_IDENTITY, useValue: { app, version } }, checksProvider, HealthService],
      exports: [HealthService],
    };
  }
}
