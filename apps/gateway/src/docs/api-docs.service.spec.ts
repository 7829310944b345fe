import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PrstError } from '@prst/contracts';
import type { GatewayEnv } from '../config/gateway-env.js';
import { ApiDocsService } from './api-docs.service.js';

describe('ApiDocsService', () => {
  it('answers 404 ROUTE_NOT_FOUND for every part of the docs when API_DOCS_ENABLED=false', () => {
    const docs = new ApiDocsService({ API_DOCS_ENABLED: false } as GatewayEnv);
    docs.publish({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: {} });
    for (const attempt of [() => docs.page('/api/docs'), () => docs.openApi('/api/docs/openapi.json'), () => docs.initializer('/x'), () => docs.asset('swagger-ui.css', '/x')]) {
      assert.throws(attempt, (error: unknown) => error instanceof PrstError && error.name === 'ROUTE_NOT_FOUND' && error.serverCode === 404);
    }
  });

  it('serves the UI files from the installed swagger-ui-dist when enabled', () => {
    const docs = new ApiDocsService({ API_DOCS_ENABLED: true } as GatewayEnv);
    assert.match(docs.asset('swagger-ui-bundle.js', '/x').toString('utf8', 0, 2000), /SwaggerUIBundle|swagger/i);
    assert.match(docs.page('/api/docs'), /<script src="\/api\/docs\/swagger-ui-bundle\.js"/);
  });
});
