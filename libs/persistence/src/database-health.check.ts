import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DependencyHealth } from '@prst/contracts';
import type { DependencyCheck } from '@prst/messaging';

/** Database reachable and every migration of the service applied. */
@Injectable()
export class DatabaseHealthCheck implements DependencyCheck {
  readonly name = 'database';

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<DependencyHealth> {
    await this.dataSource.query('SELECT 1');
    const pending = await this.dataSource.showMigrations();
    return pending ? { status: 'error', detail: 'migrations pending' } : { status: 'ok' };
  }
}
