import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestSuite, type TestSuite } from '@prst/local-infra';
import { strongPassword } from '../src/index.js';
import { startOpenAiFake } from './fakes/ai-providers.js';
import type { FakeServer } from './fakes/json-server.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const OPENAI_KEY = 'sk-fake-docs-0123456789abcdef';

/** Runs a bash script and collects its output (never blocks the event loop). */
function runShell(script: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ stdout, stderr });
    });
  });
}

/** The ```sh blocks of a Markdown page that call curl, in page order. */
function curlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!).filter((block) => /\bcurl\s/.test(block));
}

/**
 * Runs the curl examples of docs/api.md as a reader would — one shell session, in page order, with real
 * curl and jq — after putting this suite's address and passwords where the page has placeholders. A
 * wrapper around curl records the HTTP status of every call, which must be the `# → NNN` the page states.
 */
describe('the curl examples of docs/api.md', () => {
  let env: TestSuite;
  let openai: FakeServer;
  before(async () => {
    openai = await startOpenAiFake(OPENAI_KEY);
    env = await startTestSuite('docs-curl', { env: { 'prompt-executor': { PROVIDER_ALLOWED_HOSTS: `127.0.0.1:${openai.port}` } } });
  });
  after(async () => {
    await env?.stop();
    await openai?.close();
  });

  it('answer the statuses the page states', async (t) => {
    for (const tool of ['curl', 'jq', 'bash']) {
      if (spawnSync(tool, ['--version']).error) return t.skip(`${tool} is not installed`);
    }
    let page = readFileSync(path.join(repoRoot, 'docs', 'api.md'), 'utf8');
    const placeholders: [string, string][] = [
      ['http://localhost:8080', env.gatewayUrl],
      ['admin@prst.local', env.rootEmail],
      ['<initial password>', env.rootPassword],
      ['<new password>', strongPassword()],
      ['https://api.openai.com', openai.url],
      ['sk-your-openai-key', OPENAI_KEY],
    ];
    for (const [placeholder, value] of placeholders) {
      assert.ok(page.includes(placeholder), `docs/api.md uses ${placeholder}`);
      page = page.split(placeholder).join(value);
    }
    const blocks = curlBlocks(page);
    const expected = blocks.flatMap((block) => [...block.matchAll(/^# → (\d{3})\b/gm)].map((m) => Number(m[1])));
    assert.ok(expected.length >= 20, `the page states the status of its examples (${expected.length})`);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'prst-docs-curl-'));
    try {
      const statusLog = path.join(dir, 'statuses');
      const script = [
        'set -uo pipefail',
        // Every call of the examples goes through this: the body to stdout as usual, the status to the log.
        'curl() {',
        '  local body status',
        '  body=$(mktemp)',
        `  status=$(command curl -sS -o "$body" -w '%{http_code}' "$@") || true`,
        `  { printf '%s ' "$status"; head -c 400 "$body" | tr '\\n' ' '; printf '\\n'; } >> ${JSON.stringify(statusLog)}`,
        '  cat "$body"; rm -f "$body"',
        '}',
        ...blocks.map((block, i) => `echo "--- example block ${i + 1}"\n${block}`),
      ].join('\n');
      // Asynchronously: the fake provider answers from this process's event loop.
      const run = await runShell(script, { PATH: process.env.PATH ?? '', HOME: dir });
      const calls = readFileSync(statusLog, 'utf8').trim().split('\n');
      const statuses = calls.map((line) => Number(line.split(' ')[0]));
      const report = calls.map((line, i) => `${statuses[i] === expected[i] ? '  ' : '✗ '}expected ${expected[i]}, got ${line}`).join('\n');
      assert.deepEqual(statuses, expected, `calls of the examples:\n${report}\nshell errors:\n${run.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
