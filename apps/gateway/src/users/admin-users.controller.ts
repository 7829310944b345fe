import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { CallerContext } from '@prst/contracts';
import { RequirePermission } from '../auth/permission.decorator.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { UsersService, type PasswordReset } from './users.service.js';

/** Operator actions on users, used by `kubectl prst admin reset-password`. */
@ApiTags('users')
@Controller('api/v1/admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  /** Sets a generated one-time password (answered once) that must be changed at the next sign-in. */
  @RequirePermission('users.write')
  @Post('reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a user a one-time password that must be changed at the next sign-in (admin)' })
  resetPassword(@Body() body: ResetPasswordDto, @RequestContext() context: CallerContext): Promise<PasswordReset> {
    return this.users.resetPassword(body.email, context);
  }
}
