import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { deriveKek, Keyring } from '@prst/crypto';
import { VAULT_ENV, type CredentialVaultEnv } from '../config/credential-vault-env.js';
import { KeysRepository } from './keys.repository.js';
import { planKeys } from './key-plan.js';

/**
 * Derives the key-encryption keys once at start (scrypt for a passphrase costs ~0.5 s and 128 MiB,
 * so never per request), checks them against the stored fingerprints and refuses to start when
 * stored credentials could not be decrypted.
 */
@Injectable()
export class KeyringService implements OnModuleInit {
  private readonly logger = new Logger('KeyringService');
  private loaded?: Keyring;
  private kdfByVersion = new Map<number, string>();

  constructor(
    private readonly keys: KeysRepository,
    @Inject(VAULT_ENV) private readonly env: CredentialVaultEnv,
  ) {}

  get keyring(): Keyring {
    if (!this.loaded) throw new Error('the keyring is not loaded yet');
    return this.loaded;
  }

  async onModuleInit(): Promise<void> {
    const salt = await this.keys.salt();
    const [current, previous] = await Promise.all([
      deriveKek(this.env.ENCRYPTION_SECRET, salt),
      this.env.ENCRYPTION_SECRET_PREVIOUS ? deriveKek(this.env.ENCRYPTION_SECRET_PREVIOUS, salt) : undefined,
    ]);
    const plan = await this.keys.withKeyLock(async (manager) => {
      const result = planKeys({
        versions: await this.keys.versions(manager),
        recordsByVersion: await this.keys.recordsByVersion(manager),
        current: current.fingerprint,
        previous: previous?.fingerprint,
      });
      if (result.action === 'add') await this.keys.addVersion(manager, result.currentVersion, current.kdf, current.fingerprint);
      return result;
    });
    if (plan.action === 'refuse') throw new Error(plan.message);
    if (plan.warning) this.logger.warn(plan.warning);
    const entries: [number, Buffer][] = [[plan.currentVersion, current.key]];
    if (plan.previousVersion !== undefined && previous) entries.push([plan.previousVersion, previous.key]);
    this.loaded = new Keyring(plan.currentVersion, entries);
    this.logger.log(
      `encryption keys loaded: current key version ${plan.currentVersion} (${current.kdf})` +
        (plan.previousVersion !== undefined ? `, previous key version ${plan.previousVersion}` : '') +
        (plan.action === 'add' ? ' (new key version registered)' : ''),
    );
  }
}
