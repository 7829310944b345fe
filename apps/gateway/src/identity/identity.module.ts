import { Module } from '@nestjs/common';
import { ApiCredentialsRepository } from '../api-credentials/api-credentials.repository.js';
import { LastUsedTracker } from '../api-credentials/last-used.tracker.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { SessionsRepository } from '../auth/sessions.repository.js';
import { ThrottleRepository } from '../auth/throttle.repository.js';
import { ThrottleService } from '../auth/throttle.service.js';
import { TokenIssuer } from '../auth/token-issuer.js';
import { UsersRepository } from '../users/users.repository.js';
import { IdentityEvents } from './identity-events.js';
import { IdentityKeys } from './identity-keys.js';
import { PrincipalCache } from './principal-cache.js';

const shared = [
  UsersRepository,
  ApiCredentialsRepository,
  SessionsRepository,
  ThrottleRepository,
  ThrottleService,
  IdentityKeys,
  PrincipalCache,
  IdentityEvents,
  PasswordHasher,
  TokenIssuer,
  LastUsedTracker,
];

/**
 * What the identity features share (repositories, keys, caches, hashing, throttling), kept apart from
 * the feature modules so that auth, users and API credentials can use each other's state without
 * importing each other.
 */
@Module({ providers: shared, exports: shared })
export class IdentityModule {}
