import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { validateKubeObject } from '../src/kube-schema.js';
import { kubeTools, repoRoot } from '../src/tools.js';

/** Imports one of the generator scripts in scripts/, which export the content they write. */
async function generator(file: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(path.join(repoRoot, 'scripts', file)).href)) as Record<string, unknown>;
}

describe('generated files', () => {
  it('charts/prst/files/nats-permissions.json matches the permissions derived from libs/contracts', async () => {
    const { renderNatsPermissions, permissionsFile } = await generator('generate-nats-permissions.mjs');
    const expected = await (renderNatsPermissions as () => Promise<string>)();
    assert.equal(
      readFileSync(permissionsFile as string, 'utf8'),
      expected,
      'out of date: run `npm run build && node scripts/generate-nats-permissions.mjs` and commit the file',
    );
  });

  it('k8s/prst.yaml matches the chart rendered with k8s/values.yaml', async () => {
    const { renderK8sManifests, k8sManifestFile } = await generator('render-k8s.mjs');
    const expected = await (renderK8sManifests as () => Promise<string>)();
    assert.equal(readFileSync(k8sManifestFile as string, 'utf8'), expected, 'out of date: run `npm run build && node scripts/render-k8s.mjs` and commit the file');
  });

  it('k8s/ builds with kustomize into valid objects in a namespace that enforces the restricted profile', () => {
    const result = spawnSync(kubeTools().kubectl, ['kustomize', path.join(repoRoot, 'k8s')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(result.status, 0, result.stderr);
    const objects = parseAllDocuments(result.stdout).map((document) => document.toJS()).filter(Boolean);
    const namespace = objects.find((object) => object.kind === 'Namespace');
    assert.equal(namespace.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    for (const object of objects) {
      validateKubeObject(object);
      if (object.kind !== 'Namespace') assert.equal(object.metadata.namespace, 'prst', `${object.kind} ${object.metadata.name}`);
    }
    assert.ok(objects.some((object) => object.kind === 'NetworkPolicy' && object.metadata.name === 'prst-default-deny'));
    assert.ok(!objects.some((object) => object.kind === 'Secret'), 'plain manifests carry no secret values');
  });
});
