/** One key version and how many stored credentials are sealed under it. */
export interface KeyVersionStatus {
  version: number;
  kdf: 'hkdf-sha256' | 'scrypt';
  /** The key of ENCRYPTION_SECRET (current) or ENCRYPTION_SECRET_PREVIOUS (loaded), or neither. */
  current: boolean;
  loaded: boolean;
  records: number;
  createdAt: string;
}

export type RotationState = 'idle' | 'running' | 'completed';

/** Answer of `GET /api/v1/admin/encryption/status` and `POST …/rotate`. */
export interface EncryptionStatus {
  currentKeyVersion: number;
  /** Record count per key version, for example `{"1": 120, "2": 9880}`. */
  recordsByKeyVersion: Record<string, number>;
  keyVersions: KeyVersionStatus[];
  rotation: {
    state: RotationState;
    targetKeyVersion: number | null;
    rotated: number;
    remaining: number;
    startedAt: string | null;
    finishedAt: string | null;
    /** Host and process running the rotation (`host:pid`), while it runs. */
    worker: string | null;
  };
  /** True while any record is sealed under an older key: ENCRYPTION_SECRET_PREVIOUS must stay. */
  previousSecretRequired: boolean;
  /** The opposite: no record is left on an older key, so ENCRYPTION_SECRET_PREVIOUS can be removed. */
  previousSecretCanBeRemoved: boolean;
  message: string;
}
