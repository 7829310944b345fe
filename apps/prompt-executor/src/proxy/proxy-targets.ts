import { Inject, Injectable } from '@nestjs/common';
import { PrstError, type ProxyFormat } from '@prst/contracts';
import { CacheEvents } from '../cache/cache-events.js';
import { TtlCache } from '../cache/ttl-cache.js';
import { EXECUTOR_ENV, type PromptExecutorEnv } from '../config/prompt-executor-env.js';
import type { ConnectorEntity, ConnectorVersionEntity } from '../connectors/connector.entity.js';
import { ConnectorsRepository } from '../connectors/connectors.repository.js';
import { wireFormatOf } from '../streaming/wire-format.js';

/** A connector as the proxy uses it: its latest version and the wire format that version speaks. */
export interface ProxyTarget {
  connector: ConnectorEntity;
  version: ConnectorVersionEntity;
  format: ProxyFormat | null;
}

/**
 * The connector a proxy call names, with its latest version, from memory when it can (the proxy is a
 * hot path): cached for CACHE_TTL_MS and dropped as soon as the connector changes on any replica.
 */
@Injectable()
export class ProxyTargets {
  private readonly cache: TtlCache<string, ProxyTarget>;

  constructor(
    private readonly connectors: ConnectorsRepository,
    events: CacheEvents,
    @Inject(EXECUTOR_ENV) env: PromptExecutorEnv,
  ) {
    this.cache = new TtlCache(env.CACHE_MAX_ENTRIES, env.CACHE_TTL_MS);
    events.onChange((change) => {
      if (change.kind === 'connector') this.cache.delete(change.id);
    });
  }

  resolve(connectorId: string): Promise<ProxyTarget> {
    return this.cache.getOrLoad(connectorId, async () => {
      const [connector, latest] = await Promise.all([this.connectors.findConnector(connectorId), this.connectors.latestVersions([connectorId])]);
      const label = latest.get(connectorId);
      const version = connector && label !== undefined ? await this.connectors.findVersion(connectorId, label) : null;
      if (!connector || !version) throw new PrstError('CONNECTOR_NOT_FOUND', `There is no connector ${connectorId}.`);
      return { connector, version, format: wireFormatOf(version.template) };
    });
  }
}
