import { existsSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { CliError } from '../cli/cli-error.js';

export interface KubeTarget {
  kc: KubeConfig;
  /** The namespace to use: -n, else the context's namespace, else "default" (as kubectl does). */
  namespace: string;
  /** The API server URL, for messages. */
  server: string;
  context: string;
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Loads the kubeconfig the way kubectl does: --kubeconfig, else $KUBECONFIG (a list of files, merged),
 * else ~/.kube/config, else the in-cluster service account. Unlike KubeConfig.loadFromDefault, finding
 * nothing is an error here: the library would silently fall back to http://localhost:8080.
 */
export function loadKubeTarget(
  options: { kubeconfig?: string; context?: string; namespace?: string },
  env: Record<string, string | undefined>,
): KubeTarget {
  const kc = new KubeConfig();
  const files = options.kubeconfig
    ? [options.kubeconfig]
    : (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  const home = env.HOME ?? env.USERPROFILE;
  const homeConfig = home ? path.join(home, '.kube', 'config') : undefined;
  const source = files.length ? files : homeConfig && existsSync(homeConfig) ? [homeConfig] : [];
  try {
    if (source.length) {
      const missing = source.filter((file) => !existsSync(file));
      if (options.kubeconfig && missing.length) throw new CliError(`kubeconfig ${options.kubeconfig} does not exist`);
      const present = source.filter((file) => existsSync(file));
      if (!present.length) throw noKubeconfig(`none of the files in KUBECONFIG exist (${source.join(', ')})`);
      kc.loadFromFile(present[0]);
      for (const file of present.slice(1)) {
        const other = new KubeConfig();
        other.loadFromFile(file);
        kc.mergeConfig(other);
      }
    } else if (env.KUBERNETES_SERVICE_HOST && existsSync(IN_CLUSTER_TOKEN)) {
      kc.loadFromCluster();
    } else {
      throw noKubeconfig(`no KUBECONFIG and no ${homeConfig ?? '~/.kube/config'}`);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read the kubeconfig: ${(error as Error).message}`);
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((context) => context.name);
      throw new CliError(`context "${options.context}" is not in the kubeconfig`, `known contexts: ${known.join(', ') || 'none'}`);
    }
    kc.setCurrentContext(options.context);
  }
  const contextName = kc.getCurrentContext();
  const context = kc.getContextObject(contextName);
  const cluster = kc.getCurrentCluster();
  if (!contextName || !context || !cluster) {
    throw noKubeconfig('the kubeconfig has no current context; run `kubectl config use-context <name>` or pass --context');
  }
  return { kc, namespace: options.namespace ?? context.namespace ?? 'default', server: cluster.server, context: contextName };
}

function noKubeconfig(reason: string): CliError {
  return new CliError(
    `no kubeconfig: ${reason}`,
    'set KUBECONFIG or --kubeconfig, create ~/.kube/config, or talk to a gateway directly with --server URL',
  );
}
