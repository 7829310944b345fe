import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/permission.decorator.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { PrstError, type CallerContext } from '@prst/contracts';
import { SuiteHealthService, type SuiteHealth } from './health.service.js';

@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: SuiteHealthService) {}

  /** The installed version and every service's state: 200 when all answer, 503 naming each failing one. */
  @Get('api/v1/health')
  async suite(@RequestContext() context: CallerContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<SuiteHealth> {
    const result = await this.health.suite(context);
    if (result.status !== 'ok') reply.status(503);
    return result;
  }

  /** Liveness: the process answers. */
  @Get('healthz')
  alive(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: NATS and the database are reachable. */
  @Get('readyz')
  async ready(): Promise<{ status: 'ok'; nats: boolean; database: boolean }> {
    const state = await this.health.ready();
    if (!state.nats || !state.database) {
      throw new PrstError(
        'SERVICE_UNAVAILABLE',
        `not ready: ${[!state.nats && 'NATS', !state.database && 'database'].filter(Boolean).join(' and ')} unreachable`,
      );
    }
    return { status: 'ok', ...state };
  }
}
