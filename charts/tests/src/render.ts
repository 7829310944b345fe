import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { chartDir, helm } from './tools.js';

/** A rendered Kubernetes object; only the fields every object has are typed. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // Objects are walked generically by the checks; their shapes are validated by kubernetes-models.
  [field: string]: any;
}

export interface RenderOptions {
  valuesFiles?: string[];
  set?: string[];
  release?: string;
  namespace?: string;
}

function valueArgs(options: RenderOptions): string[] {
  return [
    ...(options.valuesFiles ?? []).flatMap((file) => ['--values', file]),
    ...(options.set ?? []).flatMap((assignment) => ['--set', assignment]),
  ];
}

/** `helm template` of charts/prst, parsed into objects (empty documents dropped). */
export function renderChart(options: RenderOptions = {}): KubeObject[] {
  const output = renderChartText(options);
  return parseAllDocuments(output)
    .map((document) => {
      if (document.errors.length) throw new Error(`rendered YAML does not parse: ${document.errors[0].message}`);
      return document.toJS() as KubeObject | null;
    })
    .filter((object): object is KubeObject => object !== null);
}

/** `helm template` of charts/prst as text. */
export function renderChartText(options: RenderOptions = {}): string {
  return helm([
    'template',
    options.release ?? 'prst',
    chartDir,
    '--namespace',
    options.namespace ?? 'prst',
    ...valueArgs(options),
  ]);
}

/** `helm lint --strict` of charts/prst; throws with helm's output when it reports anything. */
export function lintChart(options: RenderOptions = {}): string {
  return helm(['lint', '--strict', chartDir, ...valueArgs(options)]);
}

/** The scenario files charts/prst/ci/*-values.yaml, by scenario name. */
export function scenarios(): Map<string, string> {
  const dir = path.join(chartDir, 'ci');
  return new Map(
    readdirSync(dir)
      .filter((file) => file.endsWith('-values.yaml'))
      .sort()
      .map((file) => [file.replace(/-values\.yaml$/, ''), path.join(dir, file)]),
  );
}

/** The pod template of a workload (Deployment, StatefulSet, Job), or undefined for other kinds. */
export function podSpecOf(object: KubeObject): { metadata: KubeObject['metadata']; spec: KubeObject } | undefined {
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(object.kind)) return object.spec.template;
  if (object.kind === 'Pod') return { metadata: object.metadata, spec: object.spec };
  return undefined;
}
