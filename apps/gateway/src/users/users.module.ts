import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { AdminUsersController } from './admin-users.controller.js';
import { RootBootstrap } from './root-bootstrap.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [IdentityModule],
  controllers: [UsersController, AdminUsersController],
  providers: [UsersService, RootBootstrap],
})
export class UsersModule {}
