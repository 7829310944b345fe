/** Answer of every `prst.<service>.health.v1` subject. */
export interface DependencyHealth {
  status: 'ok' | 'error';
  detail?: string;
}

export interface ServiceHealthReply {
  status: 'ok' | 'error';
  service: string;
  version: string;
  dependencies: Record<string, DependencyHealth>;
}
