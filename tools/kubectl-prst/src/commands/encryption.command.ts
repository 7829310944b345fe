import { EXIT_FAILED, EXIT_OK, CliError } from '../cli/cli-error.js';
import { emit, say, type Io } from '../cli/io.js';
import type { CliOptions } from '../cli/options.js';
import type { Session } from '../cli/session.js';
import { json, keyValues, table } from '../output/table.js';
import type { Command } from './command.js';
import { GatewayError } from '../gateway/gateway-client.js';

/** What the plugin needs from GET /api/v1/admin/encryption/status, whatever the exact field names. */
export interface EncryptionSummary {
  currentKeyVersion?: number;
  /** Records per key version. */
  byVersion: Array<{ version: number; records: number }>;
  total: number;
  /** Records not yet on the current key version. */
  remaining: number;
  /** The vault says ENCRYPTION_SECRET_PREVIOUS can be removed (or nothing is left on an old version). */
  done: boolean;
  rotating?: boolean;
}

type Json = Record<string, unknown>;
const numberOf = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined);

/**
 * Reads the vault's status answer (issue 4: "records per key version", and a statement that the
 * previous secret can be removed). The vault's exact field names were not fixed when this was written,
 * so the common spellings are accepted: a map {"<version>": count} or a list of {keyVersion|version,
 * records|count}, under records/byKeyVersion/recordsByKeyVersion/keyVersions/versions.
 */
export function summarizeEncryptionStatus(status: Json): EncryptionSummary {
  const source = ['recordsByKeyVersion', 'byKeyVersion', 'keyVersions', 'versions', 'records', 'counts']
    .map((key) => status[key])
    .find((value) => value !== undefined && (Array.isArray(value) || typeof value === 'object'));
  const byVersion: EncryptionSummary['byVersion'] = [];
  if (Array.isArray(source)) {
    for (const entry of source as Json[]) {
      const version = numberOf(entry.keyVersion ?? entry.version);
      const records = numberOf(entry.records ?? entry.count ?? entry.credentials);
      if (version !== undefined && records !== undefined) byVersion.push({ version, records });
    }
  } else if (source && typeof source === 'object') {
    for (const [version, records] of Object.entries(source as Json)) {
      const v = numberOf(version.replace(/^v/, ''));
      const r = numberOf(records);
      if (v !== undefined && r !== undefined) byVersion.push({ version: v, records: r });
    }
  }
  byVersion.sort((a, b) => a.version - b.version);
  const current =
    numberOf(status.currentKeyVersion ?? status.currentVersion ?? status.keyVersion ?? status.activeKeyVersion) ??
    (byVersion.length ? byVersion[byVersion.length - 1].version : undefined);
  const total = byVersion.reduce((sum, entry) => sum + entry.records, 0);
  const remainingReported = numberOf(status.remaining ?? status.pending ?? status.recordsOnPreviousVersions);
  const remaining = remainingReported ?? byVersion.filter((entry) => entry.version !== current).reduce((sum, e) => sum + e.records, 0);
  const rotation = status.rotation as Json | undefined;
  const state = String(rotation?.state ?? rotation?.status ?? status.state ?? '');
  const rotating = typeof status.rotating === 'boolean' ? status.rotating : state ? /running|in.?progress|rotating/i.test(state) : undefined;
  const flag = status.previousSecretCanBeRemoved ?? status.canRemovePreviousSecret ?? status.canRemovePrevious;
  const done = typeof flag === 'boolean' ? flag && remaining === 0 : remaining === 0 && rotating !== true;
  return { currentKeyVersion: current, byVersion, total, remaining, done, rotating };
}

export function renderEncryption(summary: EncryptionSummary): string {
  const lines = keyValues([
    ['current key version', summary.currentKeyVersion === undefined ? '-' : String(summary.currentKeyVersion)],
    ['records', String(summary.total)],
    ['on older versions', String(summary.remaining)],
    ['rotation', summary.rotating ? 'running' : summary.remaining ? 'needed' : 'not needed'],
  ]);
  const versions = table(['key version', 'records'], summary.byVersion.map((e) => [String(e.version), String(e.records)]));
  const advice = summary.done
    ? 'every record is on the current key: ENCRYPTION_SECRET_PREVIOUS can be removed\n'
    : `${summary.remaining} record(s) still on an older key: run \`kubectl prst encryption rotate\`\n`;
  return `${lines}\n${versions}\n${advice}`;
}

export const encryptionStatusCommand: Command = {
  path: ['encryption', 'status'],
  usage: 'encryption status [-o json]',
  summary: 'records per key version, and whether the previous secret can be removed',
  async run(session: Session, options: CliOptions, io: Io): Promise<number> {
    const api = await session.gateway({ credential: true });
    const status = await api.encryptionStatus();
    await emit(io, options.output === 'json' ? json(status) : renderEncryption(summarizeEncryptionStatus(status)));
    return EXIT_OK;
  },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const encryptionRotateCommand: Command = {
  path: ['encryption', 'rotate'],
  usage: 'encryption rotate [--interval 1s] [--timeout 30m] [-o json]',
  summary: 're-wrap every data key with ENCRYPTION_SECRET, showing progress until done',
  async run(session: Session, options: CliOptions, io: Io): Promise<number> {
    const api = await session.gateway({ credential: true });
    try {
      await api.encryptionRotate();
      say(io, 'rotation started');
    } catch (error) {
      // A rotation another operator (or a crashed run) started resumes in the vault; follow it.
      if (!(error instanceof GatewayError && error.status === 409)) throw error;
      say(io, `a rotation is already running (${error.envelope?.description ?? 'conflict'}); following its progress`);
    }
    const deadline = Date.now() + options.timeoutMs;
    let lastLine = '';
    for (;;) {
      const status = await api.encryptionStatus();
      const summary = summarizeEncryptionStatus(status);
      const doneCount = summary.total - summary.remaining;
      const percent = summary.total ? Math.floor((doneCount / summary.total) * 100) : 100;
      const line = `rotating: ${doneCount}/${summary.total} record(s) on key version ${summary.currentKeyVersion ?? '?'} (${percent}%)`;
      if (line !== lastLine) say(io, line);
      lastLine = line;
      if (summary.done) {
        say(io, `rotation complete: ${summary.total} record(s) on key version ${summary.currentKeyVersion ?? '?'}; ENCRYPTION_SECRET_PREVIOUS can be removed`);
        if (options.output === 'json') await emit(io, json(status));
        return EXIT_OK;
      }
      if (Date.now() >= deadline) {
        throw new CliError(
          `rotation not finished after ${Math.round(options.timeoutMs / 1000)} s (${summary.remaining} record(s) left)`,
          'it continues in the vault; check with `kubectl prst encryption status`',
          EXIT_FAILED,
        );
      }
      await sleep(options.intervalMs);
    }
  },
};
