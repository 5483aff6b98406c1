// Serves the built PWA from WEB_DIST: immutable hashed assets, never-cached HTML and service worker, SPA fallback.
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { realpathPublicUnder, resolveUnder } from '../lib/safe-path.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.data': 'application/octet-stream',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.moc3': 'application/octet-stream',
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const NO_CACHE = 'no-cache';

/** Files whose name never changes between releases must be revalidated, or users keep an old app. */
export function cacheControlFor(urlPath: string): string {
  const name = urlPath.slice(urlPath.lastIndexOf('/') + 1);
  if (urlPath.startsWith('/assets/')) return IMMUTABLE;
  if (
    name === '' ||
    name.endsWith('.html') ||
    name === 'sw.js' ||
    name === 'registerSW.js' ||
    name === 'manifest.webmanifest' ||
    /^workbox-.*\.js$/.test(name)
  ) {
    return NO_CACHE;
  }
  return 'public, max-age=3600';
}

/** Paths that belong to the API even when nothing there matches: never answered with the app shell. */
export function isReservedPath(path: string): boolean {
  const p = path.toLowerCase();
  return (
    p === '/health' ||
    p === '/openapi.json' ||
    ['/api', '/v1', '/docs', '/models'].some((prefix) => p === prefix || p.startsWith(`${prefix}/`))
  );
}

const wantsHtml = (c: Context) => (c.req.header('accept') ?? '').includes('text/html');

async function sendFile(c: Context<AppEnv>, file: string, urlPath: string): Promise<Response | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': cacheControlFor(urlPath),
    ETag: etag,
    'Last-Modified': info.mtime.toUTCString(),
  };
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  headers['Content-Length'] = String(info.size);
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  const stream = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
  return c.body(stream, 200, headers);
}

/**
 * Static middleware for GET/HEAD outside the API. Returns undefined when WEB_DIST is unset or has no index.html
 * (not built), in which case `/` answers the JSON banner from the health routes.
 */
export function serveWebApp(webDist: string | undefined): MiddlewareHandler<AppEnv> | undefined {
  if (webDist === undefined || !existsSync(join(webDist, 'index.html'))) return undefined;
  const indexPath = resolveUnder(webDist, 'index.html');
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || isReservedPath(c.req.path)) return next();
    const path = c.req.path;
    if (path === '/' || path === '/index.html') {
      // "/" is also the JSON banner; a browser asking for HTML gets the app.
      if (path === '/' && !wantsHtml(c)) return next();
      return (await sendFile(c, indexPath, '/index.html')) ?? next();
    }
    if (!path.endsWith('/')) {
      // Throws PATH_REFUSED for traversal, hidden files (`.env`, `.git/`) or a symlink leading out of WEB_DIST.
      const file = await realpathPublicUnder(webDist, path.slice(1)).catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
        throw err;
      });
      const res = file ? await sendFile(c, file, path) : undefined;
      if (res) return res;
    }
    // Client-side routes (/chat/42) get the shell; a missing /assets/x.js stays a 404 so a stale shell fails loudly.
    if (wantsHtml(c) && !path.startsWith('/assets/')) return (await sendFile(c, indexPath, '/index.html')) ?? next();
    return next();
  };
}
