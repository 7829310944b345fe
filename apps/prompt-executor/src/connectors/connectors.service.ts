import { Injectable } from '@nestjs/common';
import {
  CONNECTOR_PRESETS,
  PrstError,
  type CallerContext,
  type ConnectorDetailView,
  type ConnectorTemplate,
  type ConnectorVersionView,
  type ConnectorView,
  type CreateConnectorRequest,
  type CreateConnectorVersionRequest,
  type ListConnectorsRequest,
  type Page,
  type PresetView,
} from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { CacheEvents } from '../cache/cache-events.js';
import { EgressPolicy, EgressRefusedError } from '../egress/egress-policy.js';
import { isUniqueViolation } from '../prompts/prompts.repository.js';
import { credentialSlotsOf, templateProblems } from '../templating/connector-template.js';
import type { ConnectorEntity, ConnectorVersionEntity } from './connector.entity.js';
import { ConnectorsRepository } from './connectors.repository.js';
import { PRESETS, instantiatePreset } from './presets.js';

function toConnectorView(connector: ConnectorEntity, latestVersion: string | null): ConnectorView {
  return {
    id: connector.id,
    name: connector.name,
    description: connector.description,
    preset: connector.preset,
    credentialId: connector.credentialId,
    latestVersion,
    createdAt: connector.createdAt.toISOString(),
  };
}

function toVersionView(version: ConnectorVersionEntity): ConnectorVersionView {
  return {
    id: version.id,
    connectorId: version.connectorId,
    version: version.version,
    template: version.template,
    createdAt: version.createdAt.toISOString(),
  };
}

/** Connectors (generic HTTP templates, built-in presets) and their immutable versions. */
@Injectable()
export class ConnectorsService {
  constructor(
    private readonly connectors: ConnectorsRepository,
    private readonly egress: EgressPolicy,
    private readonly audit: AuditPublisher,
    private readonly cacheEvents: CacheEvents,
  ) {}

  presets(): PresetView[] {
    return CONNECTOR_PRESETS.map((name) => ({
      name,
      description: PRESETS[name].description,
      defaultBaseUrl: PRESETS[name].defaultBaseUrl,
      defaultModel: PRESETS[name].defaultModel,
      credentialSlots: credentialSlotsOf(PRESETS[name].template),
    }));
  }

  async create(request: CreateConnectorRequest, context: CallerContext): Promise<ConnectorDetailView> {
    const template = this.templateOf(request);
    await this.checkTemplate(template);
    const [connector, version] = await this.connectors.transaction(async (manager) => {
      let created: ConnectorEntity;
      try {
        created = await this.connectors.createConnector(manager, {
          name: request.name,
          description: request.description ?? null,
          preset: request.preset ?? null,
          credentialId: request.credentialId ?? null,
          createdBy: context.principalId ?? null,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new PrstError('CONNECTOR_NAME_TAKEN', `A connector named "${request.name}" already exists.`);
        throw error;
      }
      const first = await this.connectors.createVersion(manager, { connectorId: created.id, version: '1', template, createdBy: context.principalId ?? null });
      await this.audit.publish(
        {
          action: 'connector.created',
          outcome: 'success',
          resource: { type: 'connector', id: created.id },
          details: { name: created.name, preset: created.preset, host: new URL(template.request.url.replace(/\{\{[^}]*\}\}/g, 'x')).host },
        },
        context,
      );
      return [created, first] as const;
    });
    return { ...toConnectorView(connector, version.version), versions: [toVersionView(version)] };
  }

  async list(request: ListConnectorsRequest): Promise<Page<ConnectorView>> {
    const limit = request.limit ?? 50;
    const offset = request.offset ?? 0;
    const { items, total } = await this.connectors.listConnectors(limit, offset);
    const latest = await this.connectors.latestVersions(items.map((item) => item.id));
    return { items: items.map((item) => toConnectorView(item, latest.get(item.id) ?? null)), total, limit, offset };
  }

  async get(id: string): Promise<ConnectorDetailView> {
    const connector = await this.requireConnector(id);
    const versions = await this.connectors.listVersions(id);
    return { ...toConnectorView(connector, versions.at(-1)?.version ?? null), versions: versions.map(toVersionView) };
  }

  async listVersions(id: string): Promise<ConnectorVersionView[]> {
    await this.requireConnector(id);
    return (await this.connectors.listVersions(id)).map(toVersionView);
  }

  async createVersion(request: CreateConnectorVersionRequest, context: CallerContext): Promise<ConnectorVersionView> {
    await this.checkTemplate(request.template, { connectorId: request.connectorId, version: request.version });
    const version = await this.connectors.transaction(async (manager) => {
      const connector = await this.connectors.lockConnector(manager, request.connectorId);
      if (!connector) throw new PrstError('CONNECTOR_NOT_FOUND', `There is no connector ${request.connectorId}.`);
      const label = request.version ?? (await this.connectors.nextVersionLabel(manager, connector.id));
      if (await this.connectors.findVersion(connector.id, label, manager)) {
        throw new PrstError('VERSION_LABEL_TAKEN', `Connector ${connector.id} already has a version "${label}"; versions are immutable.`);
      }
      const created = await this.connectors.createVersion(manager, {
        connectorId: connector.id,
        version: label,
        template: request.template,
        createdBy: context.principalId ?? null,
      });
      await this.audit.publish(
        { action: 'connector.version.created', outcome: 'success', resource: { type: 'connector_version', id: created.id }, details: { connectorId: connector.id, version: label } },
        context,
      );
      return created;
    });
    this.cacheEvents.announce({ kind: 'connector', id: request.connectorId });
    return toVersionView(version);
  }

  private templateOf(request: CreateConnectorRequest): ConnectorTemplate {
    if (request.preset && request.template) {
      throw new PrstError('CONNECTOR_TEMPLATE_INVALID', 'Give either a preset or a template, not both.');
    }
    if (request.template) return request.template;
    if (!request.preset) throw new PrstError('PRESET_UNKNOWN', `Give a preset (one of ${CONNECTOR_PRESETS.join(', ')}) or a template.`);
    const preset = PRESETS[request.preset];
    const baseUrl = request.baseUrl ?? preset.defaultBaseUrl;
    const model = request.model ?? preset.defaultModel;
    const missing = [!baseUrl && 'baseUrl', !model && 'model'].filter(Boolean);
    if (missing.length) {
      throw new PrstError('CONNECTOR_TEMPLATE_INVALID', `The preset ${request.preset} needs ${missing.join(' and ')}.`, missing.map((name) => `${name} is required for ${request.preset}`));
    }
    return instantiatePreset(preset, baseUrl!, model!);
  }

  /**
   * Refuses a template with problems, one that points at an address the executor may not call, or
   * one whose fallbacks name connector versions that do not exist (or the version itself).
   */
  private async checkTemplate(template: ConnectorTemplate, self?: { connectorId: string; version?: string }): Promise<void> {
    const problems = templateProblems(template);
    for (const [index, fallback] of (template.fallbacks ?? []).entries()) {
      if (self && fallback.connectorId === self.connectorId && fallback.version === self.version) {
        problems.push(`fallbacks[${index}] is this connector version itself`);
      } else if (!(await this.connectors.findVersion(fallback.connectorId, fallback.version))) {
        problems.push(`fallbacks[${index}]: connector ${fallback.connectorId} has no version "${fallback.version}"`);
      }
    }
    if (problems.length) throw new PrstError('CONNECTOR_TEMPLATE_INVALID', `The connector template is invalid: ${problems.join('; ')}.`, problems);
    for (const request of [template.request, template.authRequest]) {
      if (!request) continue;
      try {
        await this.egress.checkUrl(request.url.replace(/\{\{[^}]*\}\}/g, 'x'), { tolerateUnresolved: true });
      } catch (error) {
        if (error instanceof EgressRefusedError) {
          throw new PrstError('EGRESS_REFUSED', `The connector would call a destination this installation does not allow: ${error.message}.`);
        }
        throw error;
      }
    }
  }

  private async requireConnector(id: string): Promise<ConnectorEntity> {
    const connector = await this.connectors.findConnector(id);
    if (!connector) throw new PrstError('CONNECTOR_NOT_FOUND', `There is no connector ${id}.`);
    return connector;
  }
}
