import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AUDIT_LOG_ENV, type AuditLogEnv } from './audit-log-env.js';

/** Makes the validated environment injectable (AUDIT_LOG_ENV) in every feature module. */
@Global()
@Module({})
export class AuditConfigModule {
  static forRoot(env: AuditLogEnv): DynamicModule {
    return { module: AuditConfigModule, providers: [{ provide: AUDIT_LOG_ENV, useValue: env }], exports: [AUDIT_LOG_ENV] };
  }
}
