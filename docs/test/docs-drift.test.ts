import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import * as contracts from '@prst/contracts';
import { ErrorCatalog, KV_BUCKETS, STREAMS } from '@prst/contracts';
import { gatewayOpenApiDocument, gatewayRoutes } from '@prst/gateway/routes';
import {
  chartValuePaths,
  endpoints,
  flattenValuePaths,
  kubectlPrstCommands,
  parseMarkdown,
  pathMatches,
  upperSnakeNames,
  type Mention,
} from '../src/markdown-names.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const docsDir = path.join(repoRoot, 'docs');
const pages = readdirSync(docsDir)
  .filter((name) => name.endsWith('.md'))
  .map((name) => {
    const file = `docs/${name}`;
    return { file, part: parseMarkdown(file, readFileSync(path.join(docsDir, name), 'utf8')) };
  });

const where = (mention: Mention) => `${mention.file}:${mention.line}`;

/** Variables read by Node.js itself, not by our config. */
const PLATFORM_VARIABLES = new Set(['NODE_EXTRA_CA_CERTS']);

/** Shell variables the examples set themselves (not read by any service). */
const EXAMPLE_SHELL_VARIABLES = new Set(['PROMPT_ID', 'VERSION_ID', 'CONNECTOR_ID', 'CREDENTIAL_ID', 'TASK_ID', 'API_KEY', 'REFRESH_TOKEN', 'NEW_PASSWORD']);

/** Every variable declared by a service's config (apps/<service>/src/config/*-env.ts, built). */
async function declaredEnvironment(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const app of readdirSync(path.join(repoRoot, 'apps'))) {
    const configDir = path.join(repoRoot, 'apps', app, 'dist', 'src', 'config');
    for (const file of readdirSync(configDir).filter((name) => name.endsWith('-env.js'))) {
      const module = (await import(pathToFileURL(path.join(configDir, file)).href)) as Record<string, unknown>;
      for (const [exported, value] of Object.entries(module)) {
        if (exported.endsWith('EnvSchema') && value && typeof value === 'object') Object.keys(value).forEach((name) => names.add(name));
      }
    }
  }
  return names;
}

/** Variables the local runner (npm start) reads itself. */
function localRunnerEnvironment(): Set<string> {
  const source = readFileSync(path.join(repoRoot, 'scripts', 'run-local.mjs'), 'utf8');
  return new Set([...source.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!));
}

describe('docs/ names only what exists', () => {
  it('has the pages the README links to', () => {
    const names = pages.map((page) => page.file);
    for (const page of ['docs/security.md', 'docs/installation.md', 'docs/operations.md', 'docs/api.md']) assert.ok(names.includes(page), page);
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const page of ['docs/security.md', 'docs/installation.md', 'docs/operations.md', 'docs/api.md']) assert.ok(readme.includes(`(${page})`), `README links ${page}`);
  });

  it('every UPPER_SNAKE name is a service variable, a local-runner variable, an error name or a stream', async () => {
    const env = await declaredEnvironment();
    assert.ok(env.has('ENCRYPTION_SECRET') && env.has('NATS_URL') && env.has('AUDIT_SIGNING_KEY'), 'the config schemas were read');
    const kubectlPrst = await import(pathToFileURL(path.join(repoRoot, 'tools/kubectl-prst/dist/src/cli/session.js')).href);
    const known = new Set([
      ...env,
      ...localRunnerEnvironment(),
      ...Object.keys(ErrorCatalog),
      ...STREAMS.map((stream) => stream.name),
      ...KV_BUCKETS.map((bucket) => bucket.name),
      kubectlPrst.API_KEY_ENV as string,
      // Exported constants of the contracts (SUBJECT_ROUTES, …).
      ...Object.keys(contracts),
      ...PLATFORM_VARIABLES,
      ...EXAMPLE_SHELL_VARIABLES,
    ]);
    const unknown = pages.flatMap((page) => upperSnakeNames(page.file, page.part)).filter((mention) => !known.has(mention.text));
    assert.deepEqual(unknown.map((mention) => `${where(mention)} ${mention.text}`), []);
  });

  it('every chart value path exists in charts/prst/values.yaml', () => {
    const values = parseYaml(readFileSync(path.join(repoRoot, 'charts/prst/values.yaml'), 'utf8')) as Record<string, unknown>;
    const topLevel = new Set(Object.keys(values));
    const mentions = pages.flatMap((page) => [
      ...chartValuePaths(page.file, page.part, topLevel),
      // YAML blocks whose keys are all top-level values are values files: every leaf must exist.
      ...page.part.blocks
        .filter((block) => block.lang === 'yaml')
        .flatMap((block) => {
          const parsed = parseYaml(block.body) as unknown;
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.keys(parsed).every((key) => topLevel.has(key))) return [];
          return flattenValuePaths(parsed).map((text) => ({ file: page.file, line: block.line, text }));
        }),
    ]);
    assert.ok(mentions.length > 10, `the docs name chart values (${mentions.length} found)`);
    const unknown = mentions.filter((mention) => !valuePathExists(values, mention.text));
    assert.deepEqual(unknown.map((mention) => `${where(mention)} ${mention.text}`), []);
  });

  it('every endpoint is a route of the OpenAPI document the gateway serves', async () => {
    const document = await gatewayOpenApiDocument();
    const routes = [
      ...Object.entries(document.paths).flatMap(([template, item]) =>
        Object.keys(item).map((method) => ({ method: method.toUpperCase(), template })),
      ),
      // The documentation's own routes (left out of the document they serve) and each service's metrics port.
      ...gatewayRoutes()
        .filter((route) => route.path.startsWith('/api/docs'))
        .map((route) => ({ method: route.method, template: route.path })),
      { method: 'GET', template: '/metrics' },
    ];
    const mentions = pages.flatMap((page) => endpoints(page.file, page.part));
    assert.ok(mentions.length > 10, `the docs name endpoints (${mentions.length} found)`);
    const unknown = mentions.filter((mention) => !routes.some((route) => route.method === mention.method && pathMatches(route.template, mention.path)));
    assert.deepEqual(unknown.map((mention) => `${where(mention)} ${mention.method} ${mention.path}`), []);
  });

  it('every `kubectl prst` command is in the plugin\'s command table', async () => {
    const { COMMANDS } = (await import(pathToFileURL(path.join(repoRoot, 'tools/kubectl-prst/dist/src/cli/run.js')).href)) as {
      COMMANDS: { path: string[] }[];
    };
    const commands = COMMANDS.map((command) => command.path.join(' '));
    const mentions = pages.flatMap((page) => kubectlPrstCommands(page.file, page.part));
    assert.ok(mentions.length > 3, 'the docs name kubectl prst commands');
    // A command, a group of commands (`kubectl prst audit`), or the plugin itself.
    const unknown = mentions.filter((mention) => mention.text && !commands.some((command) => command === mention.text || command.startsWith(`${mention.text} `)));
    assert.deepEqual(unknown.map((mention) => `${where(mention)} kubectl prst ${mention.text}`), []);
  });
});

describe('docs/api.md error codes', () => {
  it('lists exactly the codes of ErrorCatalog, with their name, HTTP status and message', () => {
    const api = readFileSync(path.join(docsDir, 'api.md'), 'utf8');
    const rows = [...api.matchAll(/^\| `(PRST-[A-Z]+-ERR-\d{5})` \| `(\w+)` \| (\d{3}) \| ([^|]+?) \|$/gm)].map((m) => `| \`${m[1]}\` | \`${m[2]}\` | ${m[3]} | ${m[4]} |`);
    const expected = Object.entries(ErrorCatalog)
      .sort((a, b) => a[1].code.localeCompare(b[1].code))
      .map(([name, spec]) => `| \`${spec.code}\` | \`${name}\` | ${spec.serverCode} | ${spec.message} |`);
    // The rows to add or remove, ready to paste into the table of docs/api.md.
    assert.deepEqual(
      { add: expected.filter((row) => !rows.includes(row)), remove: rows.filter((row) => !expected.includes(row)) },
      { add: [], remove: [] },
    );
  });
});

/**
 * Walks `a.b[0].c` through values.yaml. A path may go on below an empty map or list (`extraEnv: {}`,
 * `cidrs: []`): those are filled by the operator.
 */
function valuePathExists(values: Record<string, unknown>, valuePath: string): boolean {
  let node: unknown = values;
  for (const segment of valuePath.split('.')) {
    const [, key, index] = /^([^[]+)(?:\[(\d+)\])?$/.exec(segment) ?? [];
    if (key === undefined) return false;
    if (isOpen(node)) return true;
    if (!node || typeof node !== 'object' || Array.isArray(node) || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
    if (index !== undefined) {
      if (!Array.isArray(node)) return false;
      if (node.length === 0) return true;
      node = node[Number(index)] ?? node[0];
    }
  }
  return true;
}

function isOpen(node: unknown): boolean {
  return (Array.isArray(node) && node.length === 0) || (!!node && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length === 0);
}
