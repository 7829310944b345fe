import { sameFingerprint } from '@prst/crypto';

export interface StoredKeyVersion {
  version: number;
  fingerprint: string;
}

export type KeyPlan =
  | { action: 'use' | 'add'; currentVersion: number; previousVersion?: number; warning?: string }
  | { action: 'refuse'; message: string };

const credentials = (count: number) => `${count} stored credential${count === 1 ? '' : 's'}`;

/**
 * Decides at start which stored key version each configured secret is, from the fingerprints:
 * use the matching version, add a new version for a new secret (allowed when the previous secret
 * is given or nothing is stored), or refuse to start because stored records would be unreadable.
 * Pure, so every case is unit-tested.
 */
export function planKeys(input: {
  versions: StoredKeyVersion[];
  recordsByVersion: ReadonlyMap<number, number>;
  current: string;
  previous?: string;
}): KeyPlan {
  const find = (fingerprint: string) => input.versions.find((row) => sameFingerprint(row.fingerprint, fingerprint));
  const total = [...input.recordsByVersion.values()].reduce((sum, count) => sum + count, 0);
  const current = find(input.current);
  const previous = input.previous ? find(input.previous) : undefined;

  if (!current && !previous && total > 0) {
    return {
      action: 'refuse',
      message: input.previous
        ? `Neither ENCRYPTION_SECRET nor ENCRYPTION_SECRET_PREVIOUS matches the key that encrypted ${credentials(total)}; set ENCRYPTION_SECRET_PREVIOUS to the secret used before`
        : `ENCRYPTION_SECRET does not match the key that encrypted ${credentials(total)}; set ENCRYPTION_SECRET_PREVIOUS to rotate`,
    };
  }
  const newest = Math.max(0, ...input.versions.map((row) => row.version));
  const currentVersion = current?.version ?? newest + 1;
  const loaded = new Set([currentVersion, ...(previous ? [previous.version] : [])]);
  const unreadable = [...input.recordsByVersion].filter(([version, count]) => count > 0 && !loaded.has(version));
  if (unreadable.length) {
    const count = unreadable.reduce((sum, [, n]) => sum + n, 0);
    return {
      action: 'refuse',
      message:
        `ENCRYPTION_SECRET${previous ? ' and ENCRYPTION_SECRET_PREVIOUS do' : ' does'} not match the key that encrypted ${credentials(count)} ` +
        `(key version ${unreadable.map(([version]) => version).join(', ')}); set ENCRYPTION_SECRET_PREVIOUS to the secret that encrypted them, then rotate`,
    };
  }
  const warning =
    input.previous && !previous
      ? 'ENCRYPTION_SECRET_PREVIOUS matches no stored key and is ignored; it can be removed'
      : undefined;
  return {
    action: current ? 'use' : 'add',
    currentVersion,
    ...(previous && previous.version !== currentVersion ? { previousVersion: previous.version } : {}),
    ...(warning ? { warning } : {}),
  };
}
