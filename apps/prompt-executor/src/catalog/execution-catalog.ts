import { Inject, Injectable } from '@nestjs/common';
import { PrstError, type RunExecutionRequest } from '@prst/contracts';
import { CacheEvents } from '../cache/cache-events.js';
import { TtlCache } from '../cache/ttl-cache.js';
import { EXECUTOR_ENV, type PromptExecutorEnv } from '../config/prompt-executor-env.js';
import type { ConnectorEntity, ConnectorVersionEntity } from '../connectors/connector.entity.js';
import { ConnectorsRepository } from '../connectors/connectors.repository.js';
import type { PromptEntity, PromptVersionEntity } from '../prompts/prompt.entity.js';
import { PromptsRepository } from '../prompts/prompts.repository.js';

/** Everything an execution needs to know about what it runs. */
export interface ResolvedTarget {
  prompt: PromptEntity;
  version: PromptVersionEntity;
  label: string | null;
  connector: ConnectorEntity;
  connectorVersion: ConnectorVersionEntity;
}

interface CachedVersion {
  prompt: PromptEntity;
  version: PromptVersionEntity;
}

interface CachedConnector {
  connector: ConnectorEntity;
  version: ConnectorVersionEntity;
}

/**
 * Resolves the target of an execution from memory when it can: prompt versions (by label, by
 * version, by id) and connector versions are cached for CACHE_TTL_MS and dropped as soon as their
 * prompt or connector changes, on this replica or any other.
 */
@Injectable()
export class ExecutionCatalog {
  private readonly versions: TtlCache<string, CachedVersion>;
  private readonly connectors: TtlCache<string, CachedConnector>;

  constructor(
    private readonly prompts: PromptsRepository,
    private readonly connectorRepository: ConnectorsRepository,
    events: CacheEvents,
    @Inject(EXECUTOR_ENV) env: PromptExecutorEnv,
  ) {
    this.versions = new TtlCache(env.CACHE_MAX_ENTRIES, env.CACHE_TTL_MS);
    this.connectors = new TtlCache(env.CACHE_MAX_ENTRIES, env.CACHE_TTL_MS);
    events.onChange((change) => {
      if (change.kind === 'prompt') this.versions.deleteWhere((_key, value) => value.prompt.id === change.id);
      if (change.kind === 'connector') this.connectors.deleteWhere((_key, value) => value.connector.id === change.id);
    });
  }

  /** The target of a run request; unknown or archived targets answer 404/409 before anything is written. */
  async resolve(request: RunExecutionRequest): Promise<ResolvedTarget> {
    let cached: CachedVersion;
    let label: string | null = null;
    if (request.promptVersionId) {
      cached = await this.versions.getOrLoad(`id|${request.promptVersionId}`, () => this.loadById(request.promptVersionId!));
    } else if (request.prompt) {
      const { id, version } = request.prompt;
      if (version !== undefined && request.prompt.label !== undefined) {
        throw new PrstError('VALIDATION_FAILED', 'Give prompt.version or prompt.label, not both.', ['prompt: version and label are exclusive']);
      }
      if (version !== undefined) {
        cached = await this.versions.getOrLoad(`${id}|v|${version}`, () =>
          this.load(id, () => this.prompts.findVersion(id, version), `Prompt ${id} has no version "${version}".`),
        );
      } else if (request.prompt.label !== undefined) {
        label = request.prompt.label;
        cached = await this.versions.getOrLoad(`${id}|l|${label}`, () =>
          this.load(id, () => this.prompts.findVersionByLabel(id, label!), `Prompt ${id} has no label "${label}".`),
        );
      } else {
        cached = await this.versions.getOrLoad(`${id}|latest`, () =>
          this.load(id, () => this.prompts.latestPublished(id), `Prompt ${id} has no published version; name a version or a label.`),
        );
      }
    } else {
      throw new PrstError('VALIDATION_FAILED', 'Name what to execute: prompt {id, version | label} or promptVersionId.', [
        'prompt or promptVersionId is required',
      ]);
    }
    return this.complete(cached, label);
  }

  /** The target of a queued task, by the ids it recorded. */
  async resolveIds(promptVersionId: string, label: string | null): Promise<ResolvedTarget> {
    const cached = await this.versions.getOrLoad(`id|${promptVersionId}`, () => this.loadById(promptVersionId));
    return this.complete(cached, label);
  }

  private async complete(cached: CachedVersion, label: string | null): Promise<ResolvedTarget> {
    const { prompt, version } = cached;
    if (prompt.status === 'archived') throw new PrstError('PROMPT_ARCHIVED', `Prompt ${prompt.id} is archived and cannot be executed.`);
    if (version.status === 'archived') {
      throw new PrstError('PROMPT_VERSION_ARCHIVED', `Version "${version.version}" of prompt ${prompt.id} is archived and cannot be executed.`);
    }
    if (!version.connectorId || !version.connectorVersion) {
      throw new PrstError('CONNECTOR_VERSION_NOT_FOUND', `Version "${version.version}" of prompt ${prompt.id} names no connector; create a version with connector {id, version}.`);
    }
    const { connector, version: connectorVersion } = await this.resolveConnector(version.connectorId, version.connectorVersion);
    return { prompt, version, label, connector, connectorVersion };
  }

  /** A connector version by its connector and label (also how fallbacks are found). */
  resolveConnector(connectorId: string, label: string): Promise<CachedConnector> {
    return this.connectors.getOrLoad(`${connectorId}|${label}`, async () => {
      const [found, foundVersion] = await Promise.all([
        this.connectorRepository.findConnector(connectorId),
        this.connectorRepository.findVersion(connectorId, label),
      ]);
      if (!found || !foundVersion) throw new PrstError('CONNECTOR_VERSION_NOT_FOUND', `Connector ${connectorId} has no version "${label}".`);
      return { connector: found, version: foundVersion };
    });
  }

  private async load(promptId: string, find: () => Promise<PromptVersionEntity | null>, missing: string): Promise<CachedVersion> {
    const [prompt, version] = await Promise.all([this.prompts.findPrompt(promptId), find()]);
    if (!prompt) throw new PrstError('PROMPT_NOT_FOUND', `There is no prompt ${promptId}.`);
    if (!version) throw new PrstError('PROMPT_VERSION_NOT_FOUND', missing);
    return { prompt, version };
  }

  private async loadById(versionId: string): Promise<CachedVersion> {
    const version = await this.prompts.findVersionById(versionId);
    if (!version) throw new PrstError('PROMPT_VERSION_NOT_FOUND', `There is no prompt version ${versionId}.`);
    const prompt = await this.prompts.findPrompt(version.promptId);
    if (!prompt) throw new PrstError('PROMPT_NOT_FOUND', `There is no prompt ${version.promptId}.`);
    return { prompt, version };
  }
}
