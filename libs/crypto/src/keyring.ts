/** Raised when a record was sealed under a key version this process does not hold. */
export class KeyUnavailableError extends Error {
  constructor(readonly keyVersion: number) {
    super(`no key-encryption key of version ${keyVersion} is loaded`);
    this.name = 'KeyUnavailableError';
  }
}

/** The key-encryption keys one process holds, by version; `currentVersion` seals new records. */
export class Keyring {
  private readonly keys: ReadonlyMap<number, Buffer>;

  constructor(
    readonly currentVersion: number,
    keys: ReadonlyMap<number, Buffer> | Iterable<[number, Buffer]>,
  ) {
    this.keys = new Map(keys);
    if (!this.keys.has(currentVersion)) throw new KeyUnavailableError(currentVersion);
    for (const key of this.keys.values()) if (key.length !== 32) throw new Error('a key-encryption key must be 32 bytes');
  }

  key(version: number): Buffer {
    const key = this.keys.get(version);
    if (!key) throw new KeyUnavailableError(version);
    return key;
  }

  has(version: number): boolean {
    return this.keys.has(version);
  }

  get versions(): number[] {
    return [...this.keys.keys()].sort((a, b) => a - b);
  }
}
