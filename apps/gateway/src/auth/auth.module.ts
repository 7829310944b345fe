import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { IdentityModule } from '../identity/identity.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { Authenticator } from './authenticator.js';

/** Sign-in, sessions and the global guard that every HTTP route passes. */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController],
  providers: [AuthService, Authenticator, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
