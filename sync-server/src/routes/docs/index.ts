// The OpenAPI document (generated from the route schemas) at /openapi.json and Swagger UI at /docs, served locally.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.ts';
import { resolveUnder } from '../../lib/safe-path.ts';
import { isProtected } from '../../middleware/auth-gate/index.ts';

const SWAGGER_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

// The initializer is its own file because the CSP forbids inline scripts.
const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false });
});
`;

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Companion sync server API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';
const METHODS: Method[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export interface DocsOptions {
  version: string;
}

/** Registers /openapi.json and /docs on the root app; call after every other route so all are listed. */
export function registerDocs(app: OpenAPIHono<AppEnv>, opts: DocsOptions): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  let cached: unknown;
  app.get('/openapi.json', (c) => {
    if (cached === undefined) {
      const doc = app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Companion sync server',
          version: opts.version,
          description: 'Accounts, sync and server-side inference for the on-device companion.',
        },
      });
      // Paths behind the gate always need a token, whatever a route declared, so the document cannot promise
      // less than is enforced; public paths (like /api/auth/*) keep their own declaration (/me needs a token).
      for (const [path, item] of Object.entries(doc.paths ?? {})) {
        const concrete = path.replace(/\{[^}]+\}/g, 'x');
        for (const m of METHODS) {
          const op = item[m];
          if (op) op.security = isProtected(concrete) ? [{ bearerAuth: [] }] : (op.security ?? []);
        }
      }
      cached = doc;
    }
    return c.json(cached as Record<string, unknown>);
  });

  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  app.get('/docs', (c) => c.html(DOCS_HTML));
  app.get('/docs/init.js', (c) => c.body(INIT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }));
  app.get('/docs/:file', async (c) => {
    const name = c.req.param('file');
    const type = SWAGGER_FILES[name];
    if (!type) return c.notFound();
    const bytes = await readFile(resolveUnder(dist, name));
    return c.body(bytes, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
}
