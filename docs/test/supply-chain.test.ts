import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

/** What docs/security.md ("Software supply chain") promises about dependency install scripts. */
describe('no dependency install script runs', () => {
  it('only @scarf/scarf has an install script, and the root package.json denies it', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([location]) => location.replace(/^.*node_modules\//, ''));
    assert.deepEqual(withScripts, ['@scarf/scarf'], 'a new dependency with an install script: deny it in package.json allowScripts and docs/security.md');
    const manifest = JSON.parse(read('package.json')) as { allowScripts?: Record<string, boolean>; scarfSettings?: { enabled?: boolean } };
    assert.equal(manifest.allowScripts?.['@scarf/scarf'], false);
    assert.equal(manifest.scarfSettings?.enabled, false);
  });

  it('every npm ci of the Dockerfile and of npm start / npm test passes --ignore-scripts', () => {
    for (const file of ['Dockerfile', 'scripts/ensure-deps.mjs']) {
      // Commands only: not comments, not log messages.
      const installs = read(file)
        .split('\n')
        .filter((line) => !/^\s*(\/\/|#)/.test(line) && !/\blog\(/.test(line))
        .flatMap((line) => line.match(/npm (?:ci|install)\b[^\n'"]*/g) ?? []);
      assert.ok(installs.length > 0, file);
      for (const install of installs) {
        assert.match(install, /--ignore-scripts/, `${file}: ${install}`);
      }
    }
  });
});
