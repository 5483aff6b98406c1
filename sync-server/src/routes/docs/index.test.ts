// /openapi.json comes from the route schemas and marks security by the gate's rule; /docs works under the CSP.
import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../app-env.ts';
import { buildApp, fakeAuth } from '../../../test/helpers.ts';

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[] }>>;
  components: { securitySchemes: Record<string, unknown> };
}

describe('API docs', () => {
  it('generates an OpenAPI 3.1 document with the health routes and bearer security where the gate wants it', async () => {
    const { app } = buildApp({ auth: fakeAuth() });
    const doc = (await (await app.request('/openapi.json')).json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/', '/health', '/api/status']));
    expect(doc.paths['/health']!.get!.security).toEqual([]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('forces bearer security on gated paths and keeps what public routes declare', async () => {
    const route = (path: string, security?: { bearerAuth: string[] }[]) =>
      createRoute({ method: 'get', path, ...(security ? { security } : {}), responses: { 200: { description: 'ok', content: { 'application/json': { schema: z.object({}) } } } } });
    const api = createRouter();
    api.openapi(route('/things', []), (c) => c.json({}, 200));
    const auth = fakeAuth();
    auth.routes.openapi(route('/whoami', [{ bearerAuth: [] }]), (c) => c.json({}, 200));
    auth.routes.openapi(route('/open'), (c) => c.json({}, 200));
    const { app } = buildApp({ auth, routes: [{ path: '/api', routes: api }] });
    const doc = (await (await app.request('/openapi.json')).json()) as Doc;
    expect(doc.paths['/api/things']!.get!.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/auth/whoami']!.get!.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/auth/open']!.get!.security).toEqual([]);
  });

  it('serves Swagger UI from local files with no inline script', async () => {
    const { app } = buildApp();
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(html).not.toMatch(/https?:\/\//);
    const scripts = [...html.matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1]!);
    expect(scripts).toEqual(['/docs/swagger-ui-bundle.js', '/docs/init.js']);
    for (const src of [...scripts, '/docs/swagger-ui.css']) {
      const res = await app.request(src);
      expect(res.status, src).toBe(200);
      expect((await res.arrayBuffer()).byteLength, src).toBeGreaterThan(50);
    }
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect((await app.request('/docs/../package.json')).status).toBe(404);
    expect((await app.request('/docs/index.js')).status).toBe(404);
  });
});
