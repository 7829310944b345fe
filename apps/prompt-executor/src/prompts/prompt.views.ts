import type { PromptVersionView, PromptView } from '@prst/contracts';
import type { PromptEntity, PromptVersionEntity } from './prompt.entity.js';

export function toPromptView(prompt: PromptEntity, summary?: { labels: Record<string, string>; latestVersion: string | null }): PromptView {
  return {
    id: prompt.id,
    name: prompt.name,
    description: prompt.description,
    status: prompt.status,
    labels: summary?.labels ?? {},
    latestVersion: summary?.latestVersion ?? null,
    createdAt: prompt.createdAt.toISOString(),
    updatedAt: prompt.updatedAt.toISOString(),
  };
}

export function toVersionView(version: PromptVersionEntity, labels: string[] = []): PromptVersionView {
  return {
    id: version.id,
    promptId: version.promptId,
    version: version.version,
    body: version.body,
    parameters: version.parameters,
    connector: version.connectorId && version.connectorVersion ? { id: version.connectorId, version: version.connectorVersion } : null,
    credentialId: version.credentialId,
    proxyParameters: version.proxyParameters ?? {},
    status: version.status,
    labels,
    createdBy: version.createdBy,
    createdAt: version.createdAt.toISOString(),
  };
}
