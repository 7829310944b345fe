import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CallerContext } from '@prst/contracts';
import { RequestContext } from '../http/request-context.decorator.js';
import { AuthService, type LoginResult, type MeView } from './auth.service.js';
import { CurrentPrincipal } from './current-principal.decorator.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { AllowedBeforePasswordChange, Public, RequirePermission } from './permission.decorator.js';
import type { Principal } from './principal.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password; answers an access token (≤ 15 min) and a refresh token' })
  login(@Body() body: LoginDto, @Req() request: FastifyRequest, @RequestContext() context: CallerContext): Promise<LoginResult> {
    return this.auth.login(body.email, body.password, request.ip, context);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (a spent refresh token presented again ends the session)' })
  refresh(@Body() body: RefreshDto, @RequestContext() context: CallerContext): Promise<LoginResult> {
    return this.auth.refresh(body.refreshToken, context);
  }

  /** Ends the session of the given refresh token (the access token expires on its own within minutes). */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of a refresh token' })
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @RequirePermission('self')
  @AllowedBeforePasswordChange()
  @Post('password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change your password (required after the first sign-in of the root administrator or a reset)' })
  changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @RequestContext() context: CallerContext,
  ): Promise<LoginResult> {
    return this.auth.changePassword(principal, body.currentPassword, body.newPassword, request.ip, context);
  }

  @RequirePermission('self')
  @AllowedBeforePasswordChange()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user or API credential' })
  me(@CurrentPrincipal() principal: Principal): Promise<MeView> {
    return this.auth.me(principal);
  }
}
