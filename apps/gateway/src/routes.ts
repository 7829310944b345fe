import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import type { GatewayEnv } from './config/gateway-env.js';
import { listRoutes, type RouteInfo } from './auth/route-table.js';
import { createOpenApiDocument } from './docs/openapi.js';

export type { RouteInfo };
export { PERMISSIONS } from './auth/permissions.js';

/**
 * Every HTTP route of the gateway with its declared permission, read from the module tree without
 * starting anything (the environment is only a placeholder). Used by the route × role matrix tests.
 */
export function gatewayRoutes(): RouteInfo[] {
  return listRoutes(AppModule.register({} as GatewayEnv));
}

/**
 * The OpenAPI document the gateway serves at /api/docs/openapi.json, built without connecting to
 * anything (Nest's preview mode instantiates no provider). Used by the documentation drift test.
 */
export async function gatewayOpenApiDocument(): Promise<OpenAPIObject> {
  const root = AppModule.register({} as GatewayEnv);
  const app = await NestFactory.create(root, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    return createOpenApiDocument(app, root);
  } finally {
    await app.close();
  }
}
