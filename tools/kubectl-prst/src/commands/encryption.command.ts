import { CliError, EXIT_FAILED, EXIT_OK } from '../cli/cli-error.js';
import { emit, say, type Io } from '../cli/io.js';
import type { CliOptions } from '../cli/options.js';
import type { Session } from '../cli/session.js';
import type { EncryptionStatus } from '../gateway/gateway-api.js';
import { GatewayError } from '../gateway/gateway-client.js';
import { json, keyValues, table } from '../output/table.js';
import type { Command } from './command.js';

/** Records not yet on the current key version. */
export function remainingRecords(status: EncryptionStatus): number {
  return Object.entries(status.recordsByKeyVersion)
    .filter(([version]) => Number(version) !== status.currentKeyVersion)
    .reduce((sum, [, records]) => sum + records, 0);
}

/** Done when the vault says the previous secret can go and no rotation is still running. */
export function rotationDone(status: EncryptionStatus): boolean {
  return status.previousSecretCanBeRemoved && status.rotation.state !== 'running' && remainingRecords(status) === 0;
}

/** One progress line of a rotation, e.g. "rotating: 4200/10000 record(s) on key version 2 (42%)". */
export function progressLine(status: EncryptionStatus): string {
  const total = Object.values(status.recordsByKeyVersion).reduce((sum, records) => sum + records, 0);
  const onCurrent = total - remainingRecords(status);
  const percent = total ? Math.floor((onCurrent / total) * 100) : 100;
  return `rotating: ${onCurrent}/${total} record(s) on key version ${status.currentKeyVersion} (${percent}%)`;
}

export function renderEncryption(status: EncryptionStatus): string {
  const rotation = status.rotation;
  const summary = keyValues([
    ['current key version', String(status.currentKeyVersion)],
    ['on older key versions', String(remainingRecords(status))],
    ['rotation', `${rotation.state}${rotation.state === 'running' ? ` (${rotation.rotated} done, ${rotation.remaining} left)` : ''}`],
    ['previous secret', status.previousSecretCanBeRemoved ? 'can be removed' : 'still required'],
  ]);
  const versions = table(
    ['key version', 'kdf', 'current', 'loaded', 'records', 'created'],
    status.keyVersions.map((key) => [String(key.version), key.kdf, key.current ? 'yes' : '', key.loaded ? 'yes' : 'NO', String(key.records), key.createdAt]),
  );
  return `${summary}\n${versions}\n${status.message}\n`;
}

export const encryptionStatusCommand: Command = {
  path: ['encryption', 'status'],
  usage: 'encryption status [-o json]',
  summary: 'records per key version, and whether the previous secret can be removed',
  async run(session: Session, options: CliOptions, io: Io): Promise<number> {
    const api = await session.gateway({ credential: true });
    const status = await api.encryptionStatus();
    await emit(io, options.output === 'json' ? json(status) : renderEncryption(status));
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
      // Starts a rotation, or joins the one already running (the vault resumes it after a crash).
      const started = await api.encryptionRotate();
      say(io, started.rotation.state === 'running' ? `rotation to key version ${started.currentKeyVersion} started` : 'nothing to rotate');
    } catch (error) {
      if (!(error instanceof GatewayError && error.status === 409)) throw error;
      say(io, `${error.envelope?.description ?? error.message}; following the status`);
    }
    const deadline = Date.now() + options.timeoutMs;
    let lastLine = '';
    for (;;) {
      const status = await api.encryptionStatus();
      const line = progressLine(status);
      if (line !== lastLine) say(io, line);
      lastLine = line;
      if (rotationDone(status)) {
        say(io, `rotation complete: every record is on key version ${status.currentKeyVersion}; ENCRYPTION_SECRET_PREVIOUS can be removed`);
        if (options.output === 'json') await emit(io, json(status));
        return EXIT_OK;
      }
      if (Date.now() >= deadline) {
        throw new CliError(
          `rotation not finished after ${Math.round(options.timeoutMs / 1000)} s (${remainingRecords(status)} record(s) left)`,
          'it continues in the vault; check with `kubectl prst encryption status`',
          EXIT_FAILED,
        );
      }
      await sleep(options.intervalMs);
    }
  },
};
