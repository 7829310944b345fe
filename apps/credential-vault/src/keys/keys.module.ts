import { Global, Module } from '@nestjs/common';
import { KeysRepository } from './keys.repository.js';
import { KeyringService } from './keyring.service.js';

/** The key-encryption keys of this process, loaded and checked at start. */
@Global()
@Module({ providers: [KeysRepository, KeyringService], exports: [KeysRepository, KeyringService] })
export class KeysModule {}
