import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import type { CallerContext } from '@prst/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { RequirePermission } from '../auth/permission.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestContext } from '../http/request-context.decorator.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import type { UserView } from './dto/user.view.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @RequirePermission('users.read')
  @Get()
  @ApiOperation({ summary: 'List users (admin)' })
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @RequirePermission('users.write')
  @Post()
  @ApiOperation({ summary: 'Create a user with a role (admin)' })
  create(@Body() body: CreateUserDto, @CurrentPrincipal() principal: Principal, @RequestContext() context: CallerContext): Promise<UserView> {
    return this.users.create(principal, body, context);
  }

  @RequirePermission('users.write')
  @Patch(':id')
  @ApiOperation({ summary: "Change a user's role (admin)" })
  update(
    @Param('id') id: string,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
    @RequestContext() context: CallerContext,
  ): Promise<UserView> {
    return this.users.changeRole(principal, id, body.role, context);
  }

  @RequirePermission('users.write')
  @Post(':id/terminate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Terminate a user: its sessions and API credentials stop at once (admin)' })
  terminate(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @RequestContext() context: CallerContext): Promise<UserView> {
    return this.users.terminate(principal, id, context);
  }

  @RequirePermission('users.write')
  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a terminated user (admin)' })
  reactivate(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @RequestContext() context: CallerContext): Promise<UserView> {
    return this.users.reactivate(principal, id, context);
  }
}
