import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConnectorEntity, ConnectorVersionEntity } from './connector.entity.js';

/** Connectors and their immutable versions in the prompts schema. */
@Injectable()
export class ConnectorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  createConnector(manager: EntityManager, values: Omit<ConnectorEntity, 'id' | 'createdAt' | 'updatedAt'>): Promise<ConnectorEntity> {
    const repository = manager.getRepository(ConnectorEntity);
    return repository.save(repository.create(values));
  }

  createVersion(manager: EntityManager, values: Omit<ConnectorVersionEntity, 'id' | 'createdAt'>): Promise<ConnectorVersionEntity> {
    const repository = manager.getRepository(ConnectorVersionEntity);
    return repository.save(repository.create(values));
  }

  findConnector(id: string, manager: EntityManager = this.dataSource.manager): Promise<ConnectorEntity | null> {
    return manager.getRepository(ConnectorEntity).findOneBy({ id });
  }

  lockConnector(manager: EntityManager, id: string): Promise<ConnectorEntity | null> {
    return manager.getRepository(ConnectorEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async listConnectors(limit: number, offset: number): Promise<{ items: ConnectorEntity[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(ConnectorEntity).findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }

  findVersion(connectorId: string, version: string, manager: EntityManager = this.dataSource.manager): Promise<ConnectorVersionEntity | null> {
    return manager.getRepository(ConnectorVersionEntity).findOneBy({ connectorId, version });
  }

  findVersionById(id: string): Promise<ConnectorVersionEntity | null> {
    return this.dataSource.getRepository(ConnectorVersionEntity).findOneBy({ id });
  }

  listVersions(connectorId: string): Promise<ConnectorVersionEntity[]> {
    return this.dataSource.getRepository(ConnectorVersionEntity).find({ where: { connectorId }, order: { createdAt: 'ASC' } });
  }

  async latestVersions(connectorIds: string[]): Promise<Map<string, string>> {
    if (!connectorIds.length) return new Map();
    const rows: { connector_id: string; version: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (connector_id) connector_id, version FROM prompts.connector_version
        WHERE connector_id = ANY($1) ORDER BY connector_id, created_at DESC`,
      [connectorIds],
    );
    return new Map(rows.map((row) => [row.connector_id, row.version]));
  }

  async nextVersionLabel(manager: EntityManager, connectorId: string): Promise<string> {
    const [row]: { next: string }[] = await manager.query(
      `SELECT COALESCE(MAX(version::bigint) FILTER (WHERE version ~ '^[0-9]{1,15}$'), 0) + 1 AS next
         FROM prompts.connector_version WHERE connector_id = $1`,
      [connectorId],
    );
    return String(row.next);
  }
}
