// Security headers on every response (errors and static files included): CSP, nosniff, referrer, HSTS over TLS.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { setResponseHeaders } from '../../lib/response-headers.ts';

/** Hosts the browser downloads models from (Hugging Face and its LFS CDN, GitHub raw). */
export const MODEL_HOSTS = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'https://cdn-lfs.huggingface.co',
  'https://raw.githubusercontent.com',
];

const DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  // WebAssembly (onnxruntime-web, espeak-ng, WebLLM) needs wasm-unsafe-eval; JS eval stays forbidden.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'", ...MODEL_HOSTS],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:', 'data:'],
  // Style attributes set through the DOM (React's style prop) are not affected; only <style>/style="" markup is.
  'style-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

export function buildCsp(extra: Partial<Record<string, string[]>> = {}): string {
  const merged: Record<string, string[]> = { ...DIRECTIVES };
  for (const [k, v] of Object.entries(extra)) if (v) merged[k] = [...(merged[k] ?? []), ...v];
  return Object.entries(merged)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

export const CONTENT_SECURITY_POLICY = buildCsp();
// Swagger UI writes style="" attributes in its markup; only /docs gets inline styles.
export const DOCS_CONTENT_SECURITY_POLICY = buildCsp({ 'style-src': ["'unsafe-inline'"] });

export function securityHeaders(opts: { tls: boolean }): MiddlewareHandler<AppEnv> {
  const fixed: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), geolocation=(), microphone=(self)',
  };
  // HSTS over plain HTTP is ignored by browsers and would only mislead; send it where it means something.
  if (opts.tls) fixed['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  // Built once: this runs on every response.
  const app = { ...fixed, 'Content-Security-Policy': CONTENT_SECURITY_POLICY };
  const docs = { ...fixed, 'Content-Security-Policy': DOCS_CONTENT_SECURITY_POLICY };
  const api = { ...app, 'Cache-Control': 'no-store' };
  return async (c, next) => {
    await next();
    const p = c.req.path;
    if (p === '/docs' || p.startsWith('/docs/')) return setResponseHeaders(c, docs);
    // API answers carry tokens and private data: no cache (browser, proxy, service worker) keeps them unless a
    // route chose its own policy.
    const lower = p.toLowerCase();
    const isApi = lower.startsWith('/api/') || lower.startsWith('/v1/');
    setResponseHeaders(c, isApi && !c.res.headers.has('cache-control') ? api : app);
  };
}
