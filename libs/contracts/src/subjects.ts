import type { AppName } from './apps.js';

/**
 * Every NATS subject of the suite: `prst.<service>.<entity>.<verb>.v1`.
 * Renaming one is a breaking change between services of different versions.
 */
export const Subjects = {
  gateway: {
    health: 'prst.gateway.health.v1',
  },
  executor: {
    health: 'prst.executor.health.v1',
    taskGet: 'prst.executor.task.get.v1',
  },
  vault: {
    health: 'prst.vault.health.v1',
    credentialResolve: 'prst.vault.credential.resolve.v1',
  },
  feedback: {
    health: 'prst.feedback.health.v1',
    create: 'prst.feedback.feedback.create.v1',
    list: 'prst.feedback.feedback.list.v1',
    summary: 'prst.feedback.summary.get.v1',
  },
  audit: {
    health: 'prst.audit.health.v1',
  },
  support: {
    health: 'prst.support.health.v1',
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
  { subject: Subjects.vault.credentialResolve, responder: 'credential-vault', callers: ['prompt-executor'] },
  { subject: Subjects.executor.taskGet, responder: 'prompt-executor', callers: ['feedback', 'gateway'] },
  { subject: Subjects.feedback.create, responder: 'feedback', callers: HTTP_FACING },
  { subject: Subjects.feedback.list, responder: 'feedback', callers: HTTP_FACING },
  { subject: Subjects.feedback.summary, responder: 'feedback', callers: HTTP_FACING },
];
