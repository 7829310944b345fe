import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { PrstError } from '@prst/contracts';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';

/** Where the UI is served; its page loads everything from here and nowhere else. */
export const DOCS_BASE = '/api/docs';

/** The files of the UI taken from the installed swagger-ui-dist package (never from a CDN). */
export const UI_ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;
export type UiAsset = keyof typeof UI_ASSETS;

/**
 * The page's only policy: scripts, styles, images and requests from this origin (Swagger UI sets
 * inline styles and data: images); nothing from elsewhere can load even if the bundle asked for it.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Prst self-hosted API</title>
    <link rel="stylesheet" type="text/css" href="${DOCS_BASE}/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${DOCS_BASE}/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="${DOCS_BASE}/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise fetch a badge from validator.swagger.io. BaseLayout has
// no "explore" bar, so the page can only show this installation's own document.
const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '${DOCS_BASE}/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    layout: 'BaseLayout',
  });
};
`;

/**
 * Holds the OpenAPI document (built once at start from the controllers) and the UI's files, and
 * refuses everything as an unknown route when API_DOCS_ENABLED=false.
 */
@Injectable()
export class ApiDocsService {
  private document: OpenAPIObject | undefined;
  private readonly assets = new Map<UiAsset, Buffer>();

  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {}

  /** Called once by main.ts after the application is created. */
  publish(document: OpenAPIObject): void {
    this.document = document;
  }

  openApi(route: string): OpenAPIObject {
    this.assertEnabled(route);
    if (!this.document) throw new PrstError('SERVICE_UNAVAILABLE', 'The OpenAPI document is not built yet.');
    return this.document;
  }

  page(route: string): string {
    this.assertEnabled(route);
    return PAGE;
  }

  initializer(route: string): string {
    this.assertEnabled(route);
    return INITIALIZER;
  }

  asset(name: UiAsset, route: string): Buffer {
    this.assertEnabled(route);
    let content = this.assets.get(name);
    if (!content) {
      const dist = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
      content = readFileSync(path.join(dist, name));
      this.assets.set(name, content);
    }
    return content;
  }

  private assertEnabled(route: string): void {
    if (!this.env.API_DOCS_ENABLED) throw new PrstError('ROUTE_NOT_FOUND', `There is no route GET ${route}.`);
  }
}
