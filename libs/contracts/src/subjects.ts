import type { AppName } from './apps.js';

/**
 * Every NATS subject of the suite: `prst.<service>.<entity>.<verb>.v1`.
 * Renaming one is a breaking change between services of different versions.
 */
export const Subjects = {
  gateway: {
    health: 'prst.gateway.health.v1',
    /** Broadcast between gateway replicas: a user or API credential changed, drop cached copies. */
    identityChanged: 'prst.gateway.identity.changed.v1',
  },
  executor: {
    health: 'prst.executor.health.v1',
    taskGet: 'prst.executor.task.get.v1',
    promptCreate: 'prst.executor.prompt.create.v1',
    promptCreateFromMarkup: 'prst.executor.prompt.markup.v1',
    promptList: 'prst.executor.prompt.list.v1',
    promptGet: 'prst.executor.prompt.get.v1',
    promptUpdate: 'prst.executor.prompt.update.v1',
    promptArchive: 'prst.executor.prompt.archive.v1',
    versionCreate: 'prst.executor.version.create.v1',
    versionList: 'prst.executor.version.list.v1',
    versionGet: 'prst.executor.version.get.v1',
    versionSetStatus: 'prst.executor.version.status.v1',
    labelSet: 'prst.executor.label.set.v1',
    connectorCreate: 'prst.executor.connector.create.v1',
    connectorList: 'prst.executor.connector.list.v1',
    connectorGet: 'prst.executor.connector.get.v1',
    connectorPresets: 'prst.executor.connector.presets.v1',
    connectorVersionCreate: 'prst.executor.connectorversion.create.v1',
    connectorVersionList: 'prst.executor.connectorversion.list.v1',
    executionRun: 'prst.executor.execution.run.v1',
    executionGet: 'prst.executor.execution.get.v1',
    executionList: 'prst.executor.execution.list.v1',
    /** A provider call in the provider's own wire format (OpenAI chat completions, Anthropic messages). */
    proxyCall: 'prst.executor.proxy.call.v1',
    /**
     * Streamed answers: the executor publishes the provider's event bytes to `streamChunk` with the
     * stream's id as last token (see streamChunkSubject); the gateway asks it to stop with `streamCancel`.
     */
    streamChunk: 'prst.executor.stream.chunk.v1.*',
    streamCancel: 'prst.executor.stream.cancel.v1.*',
    pricingRuleCreate: 'prst.executor.pricingrule.create.v1',
    pricingRuleList: 'prst.executor.pricingrule.list.v1',
    pricingRuleGet: 'prst.executor.pricingrule.get.v1',
    pricingRuleUpdate: 'prst.executor.pricingrule.update.v1',
    pricingRuleDelete: 'prst.executor.pricingrule.delete.v1',
    usageGet: 'prst.executor.usage.get.v1',
    /** Event between executor replicas: a prompt or connector changed, drop cached copies. */
    cacheChanged: 'prst.executor.cache.changed.v1',
  },
  vault: {
    health: 'prst.vault.health.v1',
    credentialResolve: 'prst.vault.credential.resolve.v1',
    credentialCreate: 'prst.vault.credential.create.v1',
    credentialList: 'prst.vault.credential.list.v1',
    credentialGet: 'prst.vault.credential.get.v1',
    credentialUpdate: 'prst.vault.credential.update.v1',
    credentialDelete: 'prst.vault.credential.delete.v1',
    /** Event (no reply): a credential's values changed, it was deleted or re-wrapped. Payload CredentialChangedEvent. */
    credentialChanged: 'prst.vault.credential.changed.v1',
    encryptionRotate: 'prst.vault.encryption.rotate.v1',
    encryptionStatus: 'prst.vault.encryption.status.v1',
  },
  feedback: {
    health: 'prst.feedback.health.v1',
    create: 'prst.feedback.feedback.create.v1',
    list: 'prst.feedback.feedback.list.v1',
    summary: 'prst.feedback.summary.get.v1',
  },
  audit: {
    health: 'prst.audit.health.v1',
    recordList: 'prst.audit.record.list.v1',
    recordExport: 'prst.audit.record.export.v1',
    chainVerify: 'prst.audit.chain.verify.v1',
  },
  support: {
    health: 'prst.support.health.v1',
    categoryList: 'prst.support.category.list.v1',
    ticketCreate: 'prst.support.ticket.create.v1',
    ticketList: 'prst.support.ticket.list.v1',
    ticketGet: 'prst.support.ticket.get.v1',
  },
} as const;

type Leaves<T> = T extends string ? T : { [K in keyof T]: Leaves<T[K]> }[keyof T];
export type Subject = Leaves<typeof Subjects>;

/** Who answers a request subject and who may send it. Source of the NATS permission config. */
export interface SubjectRoute {
  subject: Subject;
  responder: AppName;
  callers: readonly AppName[];
}

export const HEALTH_SUBJECTS: Record<AppName, Subject> = {
  gateway: Subjects.gateway.health,
  'prompt-executor': Subjects.executor.health,
  'credential-vault': Subjects.vault.health,
  feedback: Subjects.feedback.health,
  'audit-log': Subjects.audit.health,
  'support-notifier': Subjects.support.health,
};

const HTTP_FACING: readonly AppName[] = ['gateway'];

export const SUBJECT_ROUTES: readonly SubjectRoute[] = [
  ...Object.entries(HEALTH_SUBJECTS).map(([app, subject]) => ({
    subject,
    responder: app as AppName,
    callers: HTTP_FACING,
  })),
  { subject: Subjects.gateway.identityChanged, responder: 'gateway', callers: ['gateway'] },
  { subject: Subjects.vault.credentialResolve, responder: 'credential-vault', callers: ['prompt-executor'] },
  { subject: Subjects.executor.taskGet, responder: 'prompt-executor', callers: ['feedback', 'gateway'] },
  { subject: Subjects.feedback.create, responder: 'feedback', callers: HTTP_FACING },
  { subject: Subjects.feedback.list, responder: 'feedback', callers: HTTP_FACING },
  { subject: Subjects.feedback.summary, responder: 'feedback', callers: HTTP_FACING },
  ...Object.entries(Subjects.executor)
    .filter(([name]) => !['health', 'cacheChanged', 'taskGet', 'streamChunk', 'streamCancel'].includes(name))
    .map(([, subject]) => ({ subject, responder: 'prompt-executor' as const, callers: HTTP_FACING })),
  // Every executor replica publishes and hears cache invalidations (not a queue group).
  { subject: Subjects.executor.cacheChanged, responder: 'prompt-executor', callers: ['prompt-executor'] },
  { subject: Subjects.support.categoryList, responder: 'support-notifier', callers: HTTP_FACING },
  { subject: Subjects.support.ticketCreate, responder: 'support-notifier', callers: HTTP_FACING },
  { subject: Subjects.support.ticketList, responder: 'support-notifier', callers: HTTP_FACING },
  { subject: Subjects.support.ticketGet, responder: 'support-notifier', callers: HTTP_FACING },
  ...(
    [
      Subjects.vault.credentialCreate,
      Subjects.vault.credentialList,
      Subjects.vault.credentialGet,
      Subjects.vault.credentialUpdate,
      Subjects.vault.credentialDelete,
      Subjects.vault.encryptionRotate,
      Subjects.vault.encryptionStatus,
    ] as const
  ).map((subject) => ({ subject, responder: 'credential-vault' as const, callers: HTTP_FACING })),
  { subject: Subjects.audit.recordList, responder: 'audit-log', callers: HTTP_FACING },
  { subject: Subjects.audit.recordExport, responder: 'audit-log', callers: HTTP_FACING },
  { subject: Subjects.audit.chainVerify, responder: 'audit-log', callers: HTTP_FACING },
];

/**
 * A fire-and-forget event (core NATS publish, no reply): who publishes it and who may subscribe.
 * Source of the NATS permission config, like SUBJECT_ROUTES.
 */
export interface EventRoute {
  subject: Subject;
  publisher: AppName;
  subscribers: readonly AppName[];
}

export const EVENT_ROUTES: readonly EventRoute[] = [
  // Lets the prompt-executor drop a cached credential at once instead of waiting for its expiry.
  { subject: Subjects.vault.credentialChanged, publisher: 'credential-vault', subscribers: ['prompt-executor'] },
  // A streamed answer travels from the executor to the gateway replica that asked for it (one subject
  // per stream, named by a random id), and a cancel back when that gateway's client went away.
  { subject: Subjects.executor.streamChunk, publisher: 'prompt-executor', subscribers: ['gateway'] },
  { subject: Subjects.executor.streamCancel, publisher: 'gateway', subscribers: ['prompt-executor'] },
];
