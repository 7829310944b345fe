import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { UsersRepository } from './users.repository.js';

/**
 * Creates the root administrator (ROOT_EMAIL) at the first start. Its initial password is
 * ROOT_PASSWORD, or, when unset, a generated one written only to ROOT_PASSWORD_FILE (never to a log).
 * Either way it must be changed at the first sign-in.
 */
@Injectable()
export class RootBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('RootBootstrap');

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.users.rootExists()) return;
    let password = this.env.ROOT_PASSWORD;
    if (!password) {
      if (!this.env.ROOT_PASSWORD_FILE) {
        throw new Error(
          'there is no root administrator yet: set ROOT_PASSWORD, or ROOT_PASSWORD_FILE to have a password generated into that file',
        );
      }
      password = randomBytes(18).toString('base64url');
    }
    const created = await this.users.insertRootIfAbsent(this.env.ROOT_EMAIL, await this.hasher.hash(password));
    if (!created) return; // another replica won the race
    if (!this.env.ROOT_PASSWORD) writeFileSync(this.env.ROOT_PASSWORD_FILE!, `${password}\n`, { mode: 0o600 });
    this.logger.log(
      `created the root administrator ${this.env.ROOT_EMAIL}; ${
        this.env.ROOT_PASSWORD ? 'its initial password is ROOT_PASSWORD' : 'its generated initial password is in ROOT_PASSWORD_FILE'
      } and must be changed at the first sign-in`,
    );
  }
}
