import { createRequire } from 'node:module';
import type { KubeObject } from './render.js';

const require = createRequire(import.meta.url);

/**
 * Validates an object against the Kubernetes OpenAPI schema of its apiVersion/kind (kubernetes-models);
 * throws with the schema's complaint. Kinds the package does not know (custom resources) are refused so
 * a caller must check them some other way.
 */
export function validateKubeObject(object: KubeObject): void {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [undefined, object.apiVersion];
  const modulePath = ['kubernetes-models', group, version, object.kind].filter(Boolean).join('/');
  let Model: new (data: unknown) => { validate(): void };
  try {
    Model = (require(modulePath) as Record<string, typeof Model>)[object.kind];
  } catch {
    throw new Error(`no Kubernetes schema for ${object.apiVersion} ${object.kind}`);
  }
  new Model(object).validate();
}
