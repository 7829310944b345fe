import { once } from 'node:events';
import { EXIT_FAILED, EXIT_OK } from '../cli/cli-error.js';
import { emit, say, type Io } from '../cli/io.js';
import type { CliOptions } from '../cli/options.js';
import type { Session } from '../cli/session.js';
import type { AuditVerification } from '../gateway/gateway-api.js';
import { json, keyValues } from '../output/table.js';
import type { Command } from './command.js';

/** The chain and its latest signed checkpoint must both verify. */
export function auditIsValid(result: AuditVerification): boolean {
  return result.valid === true && result.checkpoint?.valid !== false;
}

export function renderVerification(result: AuditVerification): string {
  const show = (value: unknown) => (value === null || value === undefined ? '-' : String(value));
  const checkpoint = result.checkpoint
    ? `${result.checkpoint.valid ? 'valid' : 'INVALID'} (seq ${show(result.checkpoint.seq)})`
    : 'none yet';
  return keyValues([
    ['chain', result.valid ? 'valid' : 'INVALID'],
    ['entries', show(result.entries)],
    ['head seq', show(result.headSeq)],
    ['head hash', show(result.headHash)],
    ['first invalid seq', show(result.firstInvalidSeq)],
    ['checkpoint', checkpoint],
  ]);
}

export const auditVerifyCommand: Command = {
  path: ['audit', 'verify'],
  usage: 'audit verify [-o json]',
  summary: 'verify the hash chain and the signed checkpoint of the audit log; exit 1 when broken',
  async run(session: Session, options: CliOptions, io: Io): Promise<number> {
    const api = await session.gateway({ credential: true });
    const result = await api.auditVerify();
    await emit(io, options.output === 'json' ? json(result) : renderVerification(result));
    const valid = auditIsValid(result);
    if (!valid) say(io, `audit log verification FAILED${result.firstInvalidSeq != null ? ` at seq ${result.firstInvalidSeq}` : ''}`);
    return valid ? EXIT_OK : EXIT_FAILED;
  },
};

export const auditExportCommand: Command = {
  path: ['audit', 'export'],
  usage: 'audit export > audit.ndjson',
  summary: 'stream every audit record (with its hashes) as NDJSON to stdout',
  async run(session: Session, _options: CliOptions, io: Io): Promise<number> {
    const api = await session.gateway({ credential: true });
    const body = await api.auditExport();
    let records = 0;
    let bytes = 0;
    let last = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      for (const byte of chunk) if (byte === 0x0a) records++;
      bytes += chunk.length;
      last = chunk[chunk.length - 1] ?? last;
      // Respect back-pressure so a slow pipe does not buffer the whole export in memory.
      if (!io.stdout.write(chunk)) await once(io.stdout, 'drain');
    }
    if (bytes > 0 && last !== 0x0a) records++;
    say(io, `exported ${records} audit record(s), ${bytes} bytes`);
    return EXIT_OK;
  },
};
