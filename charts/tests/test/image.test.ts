import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { APP_NAMES } from '@prst/contracts';
import { chartDir, repoRoot } from '../src/tools.js';

// There is no Docker engine here: these checks hold the Dockerfile to what the chart expects of the image.
describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('builds the entries the chart runs', () => {
    for (const app of APP_NAMES) {
      for (const entry of ['main.js', 'migrate.js']) {
        assert.ok(existsSync(path.join(repoRoot, 'apps', app, 'dist', 'src', entry)), `apps/${app}/dist/src/${entry}`);
        assert.match(dockerfile, new RegExp(`apps/${app}\\b`), `the image builds ${app}`);
      }
    }
  });

  it('runs as the numeric non-root user the chart sets, with node as entrypoint', () => {
    const values = parse(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as { podSecurityContext: { runAsUser: number; runAsGroup: number } };
    const user = finalStage.match(/^USER (\d+):(\d+)$/m);
    assert.ok(user, 'final stage sets a numeric USER');
    assert.equal(Number(user[1]), values.podSecurityContext.runAsUser);
    assert.equal(Number(user[2]), values.podSecurityContext.runAsGroup);
    assert.notEqual(Number(user[1]), 0);
    assert.match(finalStage, /^ENTRYPOINT \["node", "--enable-source-maps"\]$/m);
  });

  it('is multi-stage and installs production dependencies only into the final image', () => {
    assert.ok((dockerfile.match(/^FROM /gm) ?? []).length >= 3, 'build, deps and runtime stages');
    const deps = dockerfile.slice(dockerfile.indexOf(' AS deps'), dockerfile.indexOf(' AS runtime'));
    assert.match(deps, /npm ci [^\n]*--omit=dev/);
    assert.doesNotMatch(finalStage, /npm (ci|install)/, 'nothing is installed in the final stage');
    assert.doesNotMatch(finalStage, /COPY \. /, 'sources are not copied into the final stage');
  });

  it('keeps local state, secrets and build output out of the build context', () => {
    const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    for (const entry of ['.git', '**/node_modules', '**/dist', '.data', '.tools', '.env']) assert.ok(ignored.includes(entry), entry);
  });
});
