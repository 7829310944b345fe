import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { PrstError } from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { Authenticator } from './authenticator.js';
import { API_KEY_HEADER_KEY, PENDING_PASSWORD_KEY, PERMISSION_KEY, PUBLIC_PERMISSION } from './permission.decorator.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import './current-principal.decorator.js';

/**
 * The global guard of every HTTP route, failing closed: a route that declares neither a permission
 * nor @Public() is refused; otherwise the caller is authenticated (access token or API key), its role
 * is checked against PERMISSIONS, and its identity is put into the request context that travels
 * with every NATS message.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly audit: AuditPublisher,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // NATS handlers are protected by the per-service subject permissions of nats-server.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const declared = this.reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, targets);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (declared === PUBLIC_PERMISSION) return true;
    if (declared === undefined || !(declared in PERMISSIONS)) {
      this.logger.error(`refused ${request.method} ${request.routeOptions.url}: the route declares no known permission`);
      throw new PrstError('FORBIDDEN', 'This route declares no permission, so it is refused.');
    }
    const permission = declared as Permission;
    const principal = await this.authenticator.authenticate(this.authorizationOf(request, targets), request.ip);
    request.prstPrincipal = principal;
    request.prstContext = { ...request.prstContext, principalId: principal.id, principalType: principal.type, role: principal.role };

    if (principal.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(PENDING_PASSWORD_KEY, targets)) {
      throw new PrstError(
        'PASSWORD_CHANGE_REQUIRED',
        'Change the initial password first with POST /api/v1/auth/password {currentPassword, newPassword}.',
      );
    }
    const roleAllows = (PERMISSIONS[permission] as readonly string[]).includes(principal.role);
    const keyAllows = !principal.permissions || principal.permissions.includes(permission);
    if (roleAllows && keyAllows) return true;

    await this.audit
      .publish(
        {
          action: 'authorization.denied',
          outcome: 'denied',
          resource: { type: 'route', id: `${request.method} ${request.routeOptions.url}` },
          details: { permission, role: principal.role },
        },
        request.prstContext,
      )
      .catch(() => this.logger.warn('could not record an authorization denial in the audit trail'));
    throw new PrstError(
      'FORBIDDEN',
      roleAllows
        ? `This API key is limited to other permissions; ${permission} is not among them.`
        : `The role ${principal.role} does not have the permission ${permission}.`,
    );
  }

  /** The Authorization header, or on routes that accept it, an `x-api-key` header read as a bearer key. */
  private authorizationOf(request: FastifyRequest, targets: Function[]): string | undefined {
    const authorization = request.headers.authorization;
    if (authorization || !this.reflector.getAllAndOverride<boolean>(API_KEY_HEADER_KEY, targets)) return authorization;
    const key = request.headers['x-api-key'];
    return typeof key === 'string' && key ? `Bearer ${key}` : undefined;
  }
}
