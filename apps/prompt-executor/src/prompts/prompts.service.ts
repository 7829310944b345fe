import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  PrstError,
  type CallerContext,
  type CreatePromptFromMarkupRequest,
  type CreatePromptRequest,
  type CreateVersionRequest,
  type ListPromptsRequest,
  type Page,
  type PromptVersionView,
  type PromptView,
  type SetLabelRequest,
  type SetVersionStatusRequest,
  type UpdatePromptRequest,
  type VersionInput,
  type VersionStatus,
} from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { CacheEvents } from '../cache/cache-events.js';
import { ConnectorsRepository } from '../connectors/connectors.repository.js';
import { parseMarkup } from '../templating/markup.js';
import { normaliseDefinitions } from '../templating/parameters.js';
import { placeholderProblems } from '../templating/prompt-body.js';
import type { PromptEntity, PromptVersionEntity } from './prompt.entity.js';
import { toPromptView, toVersionView } from './prompt.views.js';
import { PromptsRepository, isUniqueViolation } from './prompts.repository.js';

/** Allowed status changes; a published version never goes back to draft (its content is fixed). */
const TRANSITIONS: Record<VersionStatus, VersionStatus[]> = {
  draft: ['published', 'archived'],
  published: ['archived'],
  archived: [],
};

/**
 * Prompts, versions and labels. Every change is written in one transaction that also waits for its
 * audit event, so a change the audit trail could not record is not made; caches are told afterwards.
 */
@Injectable()
export class PromptsService {
  constructor(
    private readonly prompts: PromptsRepository,
    private readonly connectors: ConnectorsRepository,
    private readonly audit: AuditPublisher,
    private readonly cacheEvents: CacheEvents,
  ) {}

  async create(request: CreatePromptRequest, context: CallerContext): Promise<PromptView> {
    const prompt = await this.prompts.transaction(async (manager) => {
      const created = await this.prompts.createPrompt(manager, {
        name: request.name,
        description: request.description ?? null,
        createdBy: context.principalId ?? null,
      });
      await this.audit.publish({ action: 'prompt.created', outcome: 'success', resource: { type: 'prompt', id: created.id }, details: { name: created.name } }, context);
      return created;
    });
    return toPromptView(prompt);
  }

  async createFromMarkup(request: CreatePromptFromMarkupRequest, context: CallerContext): Promise<{ prompt: PromptView; version: PromptVersionView }> {
    const parsed = parseMarkup(request.markup);
    if (parsed.problems.length) {
      throw new PrstError('PROMPT_MARKUP_INVALID', `The prompt markup cannot be read: ${parsed.problems.join('; ')}.`, parsed.problems);
    }
    const input: VersionInput = {
      body: parsed.body,
      parameters: parsed.parameters,
      connector: request.connector,
      credentialId: request.credentialId,
      proxyParameters: request.proxyParameters,
      status: request.status,
    };
    const { parameters } = await this.checkVersionInput(input);
    const [prompt, version] = await this.prompts.transaction(async (manager) => {
      const created = await this.prompts.createPrompt(manager, {
        name: request.name,
        description: request.description ?? null,
        createdBy: context.principalId ?? null,
      });
      const createdVersion = await this.insertVersion(manager, created.id, '1', input, parameters, context, false);
      await this.audit.publish(
        { action: 'prompt.created', outcome: 'success', resource: { type: 'prompt', id: created.id }, details: { name: created.name, fromMarkup: true, version: '1' } },
        context,
      );
      return [created, createdVersion] as const;
    });
    return { prompt: toPromptView(prompt, { labels: {}, latestVersion: version.version }), version: toVersionView(version) };
  }

  async list(request: ListPromptsRequest): Promise<Page<PromptView>> {
    const limit = request.limit ?? 50;
    const offset = request.offset ?? 0;
    const { items, total } = await this.prompts.listPrompts({ status: request.status, limit, offset });
    const summaries = await this.prompts.summaries(items.map((item) => item.id));
    return { items: items.map((item) => toPromptView(item, summaries.get(item.id))), total, limit, offset };
  }

  async get(id: string): Promise<PromptView> {
    const prompt = await this.requirePrompt(id);
    return toPromptView(prompt, (await this.prompts.summaries([id])).get(id));
  }

  async update(request: UpdatePromptRequest, context: CallerContext): Promise<PromptView> {
    const prompt = await this.prompts.transaction(async (manager) => {
      const current = await this.lockActive(manager, request.id);
      if (request.name !== undefined) current.name = request.name;
      if (request.description !== undefined) current.description = request.description;
      const saved = await this.prompts.savePrompt(manager, current);
      await this.audit.publish(
        { action: 'prompt.updated', outcome: 'success', resource: { type: 'prompt', id: saved.id }, details: { fields: Object.keys(request).filter((key) => key !== 'id') } },
        context,
      );
      return saved;
    });
    this.cacheEvents.announce({ kind: 'prompt', id: prompt.id });
    return this.get(prompt.id);
  }

  /** DELETE archives: the prompt and its history stay, it can no longer be executed or changed. */
  async archive(id: string, context: CallerContext): Promise<PromptView> {
    await this.prompts.transaction(async (manager) => {
      const current = await this.prompts.lockPrompt(manager, id);
      if (!current) throw new PrstError('PROMPT_NOT_FOUND', `There is no prompt ${id}.`);
      if (current.status === 'archived') return;
      current.status = 'archived';
      await this.prompts.savePrompt(manager, current);
      await this.audit.publish({ action: 'prompt.archived', outcome: 'success', resource: { type: 'prompt', id } }, context);
    });
    this.cacheEvents.announce({ kind: 'prompt', id });
    return this.get(id);
  }

  async createVersion(request: CreateVersionRequest, context: CallerContext): Promise<PromptVersionView> {
    const { parameters } = await this.checkVersionInput(request);
    const version = await this.prompts.transaction(async (manager) => {
      await this.lockActive(manager, request.promptId);
      const label = request.version ?? (await this.prompts.nextVersionLabel(manager, request.promptId));
      if (await this.prompts.findVersion(request.promptId, label, manager)) {
        throw new PrstError('VERSION_LABEL_TAKEN', `Prompt ${request.promptId} already has a version "${label}"; a changed prompt needs a new version label.`);
      }
      return this.insertVersion(manager, request.promptId, label, request, parameters, context);
    });
    this.cacheEvents.announce({ kind: 'prompt', id: request.promptId });
    return toVersionView(version);
  }

  async listVersions(promptId: string): Promise<PromptVersionView[]> {
    await this.requirePrompt(promptId);
    const [versions, labels] = await Promise.all([this.prompts.listVersions(promptId), this.prompts.labelsByVersion(promptId)]);
    return versions.map((version) => toVersionView(version, labels.get(version.id)));
  }

  async getVersion(promptId: string, label: string): Promise<PromptVersionView> {
    const version = await this.requireVersion(promptId, label);
    return toVersionView(version, await this.prompts.labelsOfVersion(version.id));
  }

  async setStatus(request: SetVersionStatusRequest, context: CallerContext): Promise<PromptVersionView> {
    const version = await this.prompts.transaction(async (manager) => {
      await this.lockActive(manager, request.promptId);
      const current = await this.prompts.findVersion(request.promptId, request.version, manager);
      if (!current) throw new PrstError('PROMPT_VERSION_NOT_FOUND', `Prompt ${request.promptId} has no version "${request.version}".`);
      if (current.status === request.status) return current;
      if (!TRANSITIONS[current.status].includes(request.status)) {
        throw new PrstError(
          'VERSION_STATUS_CHANGE_REFUSED',
          `Version "${current.version}" is ${current.status} and cannot become ${request.status}; published versions are immutable, create a new version instead.`,
        );
      }
      const previous = current.status;
      current.status = request.status;
      if (request.status === 'published') current.publishedAt = new Date();
      const saved = await this.prompts.saveVersion(manager, current);
      await this.audit.publish(
        {
          action: `prompt.version.${request.status}`,
          outcome: 'success',
          resource: { type: 'prompt_version', id: saved.id },
          details: { promptId: saved.promptId, version: saved.version, from: previous, to: saved.status },
        },
        context,
      );
      return saved;
    });
    this.cacheEvents.announce({ kind: 'prompt', id: request.promptId });
    return toVersionView(version, await this.prompts.labelsOfVersion(version.id));
  }

  async setLabel(request: SetLabelRequest, context: CallerContext): Promise<PromptView> {
    await this.prompts.transaction(async (manager) => {
      await this.lockActive(manager, request.promptId);
      const version = await this.prompts.findVersion(request.promptId, request.version, manager);
      if (!version) throw new PrstError('PROMPT_VERSION_NOT_FOUND', `Prompt ${request.promptId} has no version "${request.version}".`);
      if (version.status === 'archived') {
        throw new PrstError('PROMPT_VERSION_ARCHIVED', `Version "${version.version}" is archived; a label cannot point at it.`);
      }
      await this.prompts.setLabel(manager, request.promptId, request.label, version.id);
      await this.audit.publish(
        {
          action: 'prompt.label.moved',
          outcome: 'success',
          resource: { type: 'prompt', id: request.promptId },
          details: { label: request.label, version: version.version },
        },
        context,
      );
    });
    this.cacheEvents.announce({ kind: 'prompt', id: request.promptId });
    return this.get(request.promptId);
  }

  private async checkVersionInput(input: VersionInput): Promise<{ parameters: ReturnType<typeof normaliseDefinitions>['parameters'] }> {
    const { parameters, problems } = normaliseDefinitions(input.parameters ?? []);
    const mismatch = placeholderProblems(input.body, parameters);
    if (mismatch.length) {
      const all = [...mismatch, ...problems];
      throw new PrstError('PLACEHOLDERS_MISMATCH', `The body and the declared parameters do not match: ${all.join('; ')}.`, all);
    }
    if (problems.length) throw new PrstError('VALIDATION_FAILED', `The parameters are invalid: ${problems.join('; ')}.`, problems);
    if (input.connector) {
      const found = await this.connectors.findVersion(input.connector.id, input.connector.version);
      if (!found) {
        throw new PrstError('CONNECTOR_VERSION_NOT_FOUND', `Connector ${input.connector.id} has no version "${input.connector.version}".`);
      }
    }
    return { parameters };
  }

  private async insertVersion(
    manager: EntityManager,
    promptId: string,
    label: string,
    input: VersionInput,
    parameters: ReturnType<typeof normaliseDefinitions>['parameters'],
    context: CallerContext,
    audited = true,
  ): Promise<PromptVersionEntity> {
    const status = input.status ?? 'draft';
    let version: PromptVersionEntity;
    try {
      version = await this.prompts.createVersion(manager, {
        promptId,
        version: label,
        body: input.body,
        parameters,
        connectorId: input.connector?.id ?? null,
        connectorVersion: input.connector?.version ?? null,
        credentialId: input.credentialId ?? null,
        proxyParameters: input.proxyParameters ?? {},
        status,
        createdBy: context.principalId ?? null,
        publishedAt: status === 'published' ? new Date() : null,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new PrstError('VERSION_LABEL_TAKEN', `Prompt ${promptId} already has a version "${label}".`);
      throw error;
    }
    if (!audited) return version;
    await this.audit.publish(
      {
        action: 'prompt.version.created',
        outcome: 'success',
        resource: { type: 'prompt_version', id: version.id },
        details: { promptId, version: label, status, connector: input.connector ?? null },
      },
      context,
    );
    return version;
  }

  private async requirePrompt(id: string): Promise<PromptEntity> {
    const prompt = await this.prompts.findPrompt(id);
    if (!prompt) throw new PrstError('PROMPT_NOT_FOUND', `There is no prompt ${id}.`);
    return prompt;
  }

  private async lockActive(manager: EntityManager, id: string): Promise<PromptEntity> {
    const prompt = await this.prompts.lockPrompt(manager, id);
    if (!prompt) throw new PrstError('PROMPT_NOT_FOUND', `There is no prompt ${id}.`);
    if (prompt.status === 'archived') throw new PrstError('PROMPT_ARCHIVED', `Prompt ${id} is archived and cannot be changed.`);
    return prompt;
  }

  private async requireVersion(promptId: string, label: string): Promise<PromptVersionEntity> {
    await this.requirePrompt(promptId);
    const version = await this.prompts.findVersion(promptId, label);
    if (!version) throw new PrstError('PROMPT_VERSION_NOT_FOUND', `Prompt ${promptId} has no version "${label}".`);
    return version;
  }
}
