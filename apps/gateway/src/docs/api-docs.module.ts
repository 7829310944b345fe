import { Module } from '@nestjs/common';
import { ApiDocsController } from './api-docs.controller.js';
import { ApiDocsService } from './api-docs.service.js';

/** GET /api/docs: the OpenAPI document of the gateway and a Swagger UI served from local files. */
@Module({ controllers: [ApiDocsController], providers: [ApiDocsService], exports: [ApiDocsService] })
export class ApiDocsModule {}
