import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayRoutes } from '@prst/gateway/routes';
import { startTestSuite, type TestSuite } from '@prst/local-infra';

/** Every http(s) URL in a text whose host is not the gateway itself. */
function outsideUrls(text: string, ownHost: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s"'`<>)]+/g)].map((m) => m[0]).filter((url) => new URL(url).host !== ownHost);
}

describe('API documentation at /api/docs', () => {
  let env: TestSuite;
  before(async () => {
    env = await startTestSuite('api-docs');
  });
  after(async () => {
    await env?.stop();
  });

  it('serves the OpenAPI document of every /api/v1 route without a credential', async () => {
    const response = await fetch(`${env.gatewayUrl}/api/docs/openapi.json`);
    assert.equal(response.status, 200);
    const document = (await response.json()) as { openapi: string; info: { version: string }; paths: Record<string, Record<string, any>> };
    assert.match(document.openapi, /^3\./);
    const served = new Set(Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)));
    const declared = gatewayRoutes()
      .filter((route) => route.path.startsWith('/api/v1/'))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    assert.deepEqual(declared.filter((route) => !served.has(route)), []);
    // The document agrees with the guard: public routes need nothing, the others name their permission.
    assert.deepEqual(document.paths['/api/v1/auth/login']!.post.security, []);
    assert.equal(document.paths['/api/v1/audit']!.get['x-prst-permission'], 'audit.read');
    assert.deepEqual(document.paths['/api/v1/audit']!.get['x-prst-roles'], ['admin']);
  });

  it('serves the UI from its own files only: the page, its configuration and the policy name no other host', async () => {
    const ownHost = new URL(env.gatewayUrl).host;
    const page = await fetch(`${env.gatewayUrl}/api/docs`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    assert.deepEqual(outsideUrls(html, ownHost), []);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /connect-src 'self'(;|$)/);
    assert.deepEqual(outsideUrls(csp, ownHost), []);

    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(sources.length >= 3, `the page loads its script and styles: ${sources.join(', ')}`);
    for (const source of sources) {
      assert.ok(source.startsWith('/api/docs/'), `${source} is served by the gateway`);
      const asset = await fetch(`${env.gatewayUrl}${source}`);
      assert.equal(asset.status, 200, source);
      const body = await asset.text();
      assert.ok(body.length > 0, source);
      if (source.endsWith('swagger-initializer.js')) {
        assert.deepEqual(outsideUrls(body, ownHost), []);
        assert.match(body, /url: '\/api\/docs\/openapi\.json'/);
        assert.match(body, /validatorUrl: null/);
      }
    }
  });
});
