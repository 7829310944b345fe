import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Public } from '../auth/permission.decorator.js';
import { ApiDocsService, DOCS_BASE, DOCS_CONTENT_SECURITY_POLICY, UI_ASSETS, type UiAsset } from './api-docs.service.js';

/**
 * The OpenAPI document and its UI. Public: they describe the routes, never data; API_DOCS_ENABLED=false
 * turns them off (every route here then answers 404 ROUTE_NOT_FOUND).
 */
@Public()
@ApiExcludeController()
@Controller('api/docs')
export class ApiDocsController {
  constructor(private readonly docs: ApiDocsService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', DOCS_CONTENT_SECURITY_POLICY)
  page(): string {
    return this.docs.page(DOCS_BASE);
  }

  @Get('openapi.json')
  openApi(): OpenAPIObject {
    return this.docs.openApi(`${DOCS_BASE}/openapi.json`);
  }

  @Get('swagger-initializer.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  initializer(): string {
    return this.docs.initializer(`${DOCS_BASE}/swagger-initializer.js`);
  }

  @Get('swagger-ui.css')
  stylesheet(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    return this.asset('swagger-ui.css', reply);
  }

  @Get('swagger-ui-bundle.js')
  bundle(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    return this.asset('swagger-ui-bundle.js', reply);
  }

  private asset(name: UiAsset, reply: FastifyReply): Buffer {
    const content = this.docs.asset(name, `${DOCS_BASE}/${name}`);
    reply.header('Content-Type', UI_ASSETS[name]);
    return content;
  }
}
