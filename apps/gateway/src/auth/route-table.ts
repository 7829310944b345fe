import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { API_KEY_HEADER_KEY, PENDING_PASSWORD_KEY, PERMISSION_KEY } from './permission.decorator.js';

/** One HTTP route as declared by a controller, with the permission it declares (if any). */
export interface RouteInfo {
  method: string;
  /** The full path, with `:param` placeholders. */
  path: string;
  /** A permission of PERMISSIONS, `public`, or undefined when the route declares nothing. */
  permission: string | undefined;
  allowedBeforePasswordChange: boolean;
  /** Whether an API key may come as `x-api-key` (the proxy routes, for provider SDKs). */
  acceptsApiKeyHeader: boolean;
  controller: string;
  handler: string;
}

type ModuleLike = { module?: unknown; imports?: unknown[]; controllers?: unknown[] } | Function | { forwardRef: () => unknown };

function joinPath(...parts: string[]): string {
  return `/${parts.flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;
}

/**
 * Every route of every controller reachable from `root`, found by walking the module tree's
 * metadata (the same metadata Nest routes by), without starting the application.
 */
export function listRoutes(root: unknown): RouteInfo[] {
  const seenModules = new Set<unknown>();
  const controllers = new Set<Function>();
  const visit = (node: unknown): void => {
    if (!node || seenModules.has(node)) return;
    seenModules.add(node);
    if (typeof node === 'object' && 'forwardRef' in (node as object)) return visit((node as { forwardRef: () => unknown }).forwardRef());
    if (typeof node === 'object' && node !== null && !(node instanceof Promise)) {
      const dynamic = node as Exclude<ModuleLike, Function>;
      ((dynamic as { controllers?: Function[] }).controllers ?? []).forEach((c) => controllers.add(c));
      ((dynamic as { imports?: unknown[] }).imports ?? []).forEach(visit);
      visit((dynamic as { module?: unknown }).module);
      return;
    }
    if (typeof node === 'function') {
      ((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, node) as Function[] | undefined) ?? []).forEach((c) => controllers.add(c));
      ((Reflect.getMetadata(MODULE_METADATA.IMPORTS, node) as unknown[] | undefined) ?? []).forEach(visit);
    }
  };
  visit(root);

  const routes: RouteInfo[] = [];
  for (const controller of controllers) {
    const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '/');
    const classPermission = Reflect.getMetadata(PERMISSION_KEY, controller) as string | undefined;
    const classPending = Reflect.getMetadata(PENDING_PASSWORD_KEY, controller) as boolean | undefined;
    const classApiKeyHeader = Reflect.getMetadata(API_KEY_HEADER_KEY, controller) as boolean | undefined;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name === 'constructor') continue;
      const handler = Object.getOwnPropertyDescriptor(prototype, name)?.value;
      if (typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || paths === undefined) continue;
      for (const prefix of base) {
        for (const path of ([] as string[]).concat(paths)) {
          routes.push({
            method: RequestMethod[method],
            path: joinPath(prefix, path),
            // The handler's declaration wins over the controller's, as in the guard.
            permission: (Reflect.getMetadata(PERMISSION_KEY, handler) as string | undefined) ?? classPermission,
            allowedBeforePasswordChange: Boolean(Reflect.getMetadata(PENDING_PASSWORD_KEY, handler) ?? classPending),
            acceptsApiKeyHeader: Boolean(Reflect.getMetadata(API_KEY_HEADER_KEY, handler) ?? classApiKeyHeader),
            controller: controller.name,
            handler: name,
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
