import type { Readable } from 'node:stream';
import { GatewayClient, GatewayError } from './gateway-client.js';

/** GET /api/v1/health: 200 when every service answers, 503 with the same shape otherwise. */
export interface SuiteHealth {
  status: 'ok' | 'error';
  version: string;
  services: Record<string, { status: 'ok' | 'error'; version?: string; error?: string }>;
}

/** What the gateway itself can reach (GET /readyz). */
export interface Readiness {
  nats: boolean;
  database: boolean;
  detail?: string;
}

/** GET /api/v1/audit/verify (issue 8). */
export interface AuditVerification {
  valid: boolean;
  entries: number;
  headSeq: number | null;
  headHash: string | null;
  firstInvalidSeq: number | null;
  checkpoint?: { seq: number | null; valid: boolean } | null;
}

/**
 * GET /api/v1/admin/encryption/status and POST …/rotate (issue 4); mirrors EncryptionStatus in
 * libs/contracts/src/vault (kept local so the plugin installs without the service libraries).
 */
export interface EncryptionStatus {
  currentKeyVersion: number;
  /** Record count per key version, for example {"1": 120, "2": 9880}. */
  recordsByKeyVersion: Record<string, number>;
  keyVersions: Array<{ version: number; kdf: string; current: boolean; loaded: boolean; records: number; createdAt: string }>;
  rotation: { state: 'idle' | 'running' | 'completed'; targetKeyVersion: number | null; rotated: number; remaining: number };
  previousSecretRequired: boolean;
  previousSecretCanBeRemoved: boolean;
  message: string;
}

/** POST /api/v1/support/tickets (issue 9). */
export interface SupportTicket {
  ticketId: string;
  category: string;
  status: string;
  createdAt: string;
}

/** POST /api/v1/admin/users/reset-password (the contract this plugin defines for identity). */
export interface PasswordReset {
  oneTimePassword: string;
  mustChangePassword?: boolean;
}

/** The gateway routes the plugin uses; commands depend on this interface, tests may fake it. */
export interface GatewayApi {
  readonly description: string;
  health(): Promise<SuiteHealth>;
  readiness(): Promise<Readiness>;
  auditVerify(): Promise<AuditVerification>;
  auditExport(): Promise<Readable>;
  encryptionStatus(): Promise<EncryptionStatus>;
  encryptionRotate(): Promise<EncryptionStatus>;
  resetPassword(email: string): Promise<PasswordReset>;
  createTicket(category: string, description: string): Promise<SupportTicket>;
}

export const ROUTES = {
  health: '/api/v1/health',
  ready: '/readyz',
  auditVerify: '/api/v1/audit/verify',
  auditExport: '/api/v1/audit/export',
  encryptionStatus: '/api/v1/admin/encryption/status',
  encryptionRotate: '/api/v1/admin/encryption/rotate',
  resetPassword: '/api/v1/admin/users/reset-password',
  tickets: '/api/v1/support/tickets',
} as const;

/** The GatewayApi over HTTP. */
export class HttpGatewayApi implements GatewayApi {
  constructor(private readonly client: GatewayClient) {}

  get description(): string {
    return this.client.description;
  }

  async health(): Promise<SuiteHealth> {
    return (await this.client.json<SuiteHealth>('GET', ROUTES.health, undefined, [503])).body;
  }

  async readiness(): Promise<Readiness> {
    try {
      await this.client.json('GET', ROUTES.ready);
      return { nats: true, database: true };
    } catch (error) {
      // 503 says "not ready: NATS and database unreachable" (see the gateway's health controller).
      if (!(error instanceof GatewayError) || error.status !== 503) throw error;
      const detail = error.envelope?.description ?? error.message;
      return { nats: !/NATS/.test(detail), database: !/database/.test(detail), detail };
    }
  }

  async auditVerify(): Promise<AuditVerification> {
    return (await this.client.json<AuditVerification>('GET', ROUTES.auditVerify)).body;
  }

  auditExport(): Promise<Readable> {
    return this.client.stream(ROUTES.auditExport);
  }

  async encryptionStatus(): Promise<EncryptionStatus> {
    return (await this.client.json<EncryptionStatus>('GET', ROUTES.encryptionStatus)).body;
  }

  async encryptionRotate(): Promise<EncryptionStatus> {
    return (await this.client.json<EncryptionStatus>('POST', ROUTES.encryptionRotate, {})).body;
  }

  async resetPassword(email: string): Promise<PasswordReset> {
    return (await this.client.json<PasswordReset>('POST', ROUTES.resetPassword, { email })).body;
  }

  async createTicket(category: string, description: string): Promise<SupportTicket> {
    return (await this.client.json<SupportTicket>('POST', ROUTES.tickets, { category, description })).body;
  }
}
