import 'reflect-metadata';
import { AppModule } from './app.module.js';
import type { GatewayEnv } from './config/gateway-env.js';
import { listRoutes, type RouteInfo } from './auth/route-table.js';

export type { RouteInfo };
export { PERMISSIONS } from './auth/permissions.js';

/**
 * Every HTTP route of the gateway with its declared permission, read from the module tree without
 * starting anything (the environment is only a placeholder). Used by the route × role matrix tests.
 */
export function gatewayRoutes(): RouteInfo[] {
  return listRoutes(AppModule.register({} as GatewayEnv));
}
