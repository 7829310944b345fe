import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

/** What docs/security.md ("Software supply chain") promises about dependency install scripts. */
describe('no dependency install script runs', () => {
  it('every dependency with an install script is denied in the root package.json', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = [
      ...new Set(
        Object.entries(lock.packages)
          .filter(([location, entry]) => entry.hasInstallScript && location.includes('node_modules/'))
          .map(([location]) => location.replace(/^.*node_modules\//, '')),
      ),
    ].sort();
    assert.ok(withScripts.includes('@scarf/scarf'));
    const manifest = JSON.parse(read('package.json')) as { allowScripts?: Record<string, boolean>; scarfSettings?: { enabled?: boolean } };
    // A new one: review what its script does, deny it in package.json allowScripts and say so in docs/security.md.
    assert.deepEqual(withScripts.filter((name) => manifest.allowScripts?.[name] !== false), []);
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
