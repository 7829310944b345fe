#!/usr/bin/env node
// Offline verifier of an audit export (GET /api/v1/audit/export):
//   node apps/audit-log/dist/src/bin/audit-verify.js export.ndjson [--checkpoint checkpoint.json]
//   (`-` reads the export from stdin). With --checkpoint, AUDIT_SIGNING_KEY must be set to check its
//   signature; a missing tail is then detected too. Prints the verdict as JSON; exit code 0 when the
//   chain is valid, 1 when it is not, 2 on a usage error.
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AuditCheckpoint } from '../checkpoints/checkpoint-signature.js';
import { verifyExport } from '../chain/export-verifier.js';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: audit-verify <export.ndjson|-> [--checkpoint <checkpoint.json>]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const checkpointIndex = args.indexOf('--checkpoint');
let checkpoint: AuditCheckpoint | undefined;
if (checkpointIndex >= 0) {
  const file = args[checkpointIndex + 1] ?? usage('--checkpoint needs a file');
  args.splice(checkpointIndex, 2);
  try {
    checkpoint = JSON.parse(readFileSync(file, 'utf8')) as AuditCheckpoint;
  } catch (error) {
    usage(`cannot read the checkpoint: ${(error as Error).message}`);
  }
  if (!process.env.AUDIT_SIGNING_KEY) usage('--checkpoint needs AUDIT_SIGNING_KEY in the environment');
}
if (args.length !== 1) usage('give exactly one export file');

const input = args[0] === '-' ? process.stdin : createReadStream(args[0], 'utf8');
input.on('error', (error: Error) => usage(`cannot read ${args[0]}: ${error.message}`));
const verdict = await verifyExport(createInterface({ input, crlfDelay: Infinity }), {
  checkpoint,
  signingKey: process.env.AUDIT_SIGNING_KEY,
});
process.stdout.write(`${JSON.stringify(verdict)}\n`);
process.exit(verdict.valid ? 0 : 1);
