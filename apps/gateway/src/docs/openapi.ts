import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PRODUCT_VERSION } from '@prst/contracts';
import { PERMISSIONS } from '../auth/permissions.js';
import { listRoutes } from '../auth/route-table.js';

const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The OpenAPI description of every gateway route, built from the controllers' decorators. Each
 * operation also names the permission it needs (`x-prst-permission`, with the roles holding it), and
 * public routes say they need no credential, so the document agrees with the guard.
 */
export function createOpenApiDocument(app: INestApplication, root: unknown): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Prst self-hosted API')
    .setDescription(
      'Every route answers errors as {serverCode, name, code, message, description}. Authenticate with ' +
        '`Authorization: Bearer <access token or API key>`; public routes need nothing.',
    )
    .setVersion(PRODUCT_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an access token from POST /api/v1/auth/login, or an API key prst_…' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const byKey = new Map(listRoutes(root).map((route) => [`${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`, route]));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of OPERATION_METHODS) {
      const operation = item[method];
      const route = byKey.get(`${method} ${path}`);
      if (!operation || !route) continue;
      if (route.permission === 'public') {
        operation.security = [];
      } else if (route.permission && route.permission in PERMISSIONS) {
        const roles = PERMISSIONS[route.permission as keyof typeof PERMISSIONS];
        Object.assign(operation, { 'x-prst-permission': route.permission, 'x-prst-roles': [...roles] });
      }
    }
  }
  return document;
}
