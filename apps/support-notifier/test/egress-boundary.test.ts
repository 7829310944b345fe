import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// This file runs from apps/support-notifier/dist/test/.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|json|ya?ml|tpl)$/;
/** The vendor's host in code: a URL, a sub-domain, or the bare domain as a string literal. */
const PRST_HOST = /:\/\/prst\.ai\b|\.prst\.ai\b|['"`]prst\.ai\b/i;
const COMMENT = /^\s*(\/\/|\/\*|\*|#)/;

function sourceFiles(dir: string, found: string[] = []): string[] {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) sourceFiles(full, found);
    else if (SOURCE.test(entry) && !entry.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

/** Lines of code (not comments) that name a prst.ai host, as `file:line: text`. */
function hostMentions(files: string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, index) => ({ line, number: index + 1 }))
      .filter(({ line }) => PRST_HOST.test(line) && !COMMENT.test(line))
      .map(({ line, number }) => `${path.relative(repoRoot, file)}:${number}: ${line.trim()}`),
  );
}

const supportDir = path.join(repoRoot, 'apps', 'support-notifier');

describe('egress boundary: only the support-notifier may reach prst.ai', () => {
  it('finds the repository sources it scans', () => {
    assert.ok(sourceFiles(path.join(repoRoot, 'apps', 'gateway', 'src')).length > 3);
    assert.ok(hostMentions([path.join(supportDir, 'src', 'config', 'support-notifier-env.ts')]).length > 0, 'the pattern finds the default URL');
  });

  it('no other service, library, script or tool names a prst.ai host', () => {
    const roots = ['apps', 'libs', 'scripts', 'tools'].map((dir) => path.join(repoRoot, dir));
    const files = roots.flatMap((root) => sourceFiles(root)).filter((file) => !file.startsWith(supportDir + path.sep));
    assert.deepEqual(hostMentions(files), []);
  });

  it('inside the support-notifier, only the configuration names the host', () => {
    const files = sourceFiles(path.join(supportDir, 'src')).filter((file) => !file.endsWith('.spec.ts'));
    const where = new Set(hostMentions(files).map((mention) => mention.split(':')[0]));
    assert.deepEqual([...where], ['apps/support-notifier/src/config/support-notifier-env.ts']);
  });

  it('inside the support-notifier, only the vendor client uses a network API', () => {
    const NETWORK = /from ['"](node:)?(http|https|http2|net|tls|dgram|dns|undici|axios|got|node-fetch)['"]|\bfetch\(|new WebSocket\(/;
    const users = sourceFiles(path.join(supportDir, 'src'))
      .filter((file) => readFileSync(file, 'utf8').split('\n').some((line) => NETWORK.test(line) && !COMMENT.test(line)))
      .map((file) => path.relative(repoRoot, file));
    assert.deepEqual(users, ['apps/support-notifier/src/delivery/vendor-client.ts']);
  });
});
