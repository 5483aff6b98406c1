// Builds the Hono app from its dependencies; no module state, so tests build as many apps as they like.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import { readFileSync } from 'node:fs';
import type { AppEnv } from './app-env.ts';
import type { AuthModule } from './auth-module.ts';
import type { Clock } from './clock.ts';
import type { Config } from './env.ts';
import { authGate } from './middleware/auth-gate/index.ts';
import { bodyLimit } from './middleware/body-limit/index.ts';
import { cors } from './middleware/cors/index.ts';
import { notFoundHandler, onError, validationHook } from './middleware/errors/index.ts';
import { requestLogger } from './middleware/logging/index.ts';
import { createRateLimiters, rateLimit, type RateLimiters, type TierRule } from './middleware/rate-limit/index.ts';
import { requestId } from './middleware/request-id/index.ts';
import { securityHeaders } from './middleware/security-headers/index.ts';
import { registerDocs } from './routes/docs/index.ts';
import { createHealthRoutes, type ProviderProbe, type StorageProbe } from './routes/health/index.ts';
import { isReservedPath, serveWebApp } from './static/index.ts';

// The bundle has the version baked in by scripts/build.mjs; from source it is read from the workspace package.json.
declare const __SERVER_VERSION__: string | undefined;
export const VERSION: string =
  typeof __SERVER_VERSION__ === 'string'
    ? __SERVER_VERSION__
    : (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Where later features plug in a domain router: mounted at `path`, behind the auth gate when under /api or /v1. */
export interface RouteMount {
  path: string;
  routes: OpenAPIHono<AppEnv>;
}

export interface AppDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  /** For /health; main.ts adapts the storage module to it. */
  storage?: StorageProbe;
  /** Without it every protected route answers 503: the server fails closed, never open. */
  auth?: AuthModule;
  /** Shared limiter store (Redis in production when REDIS_URL is set); in memory by default. */
  rateLimiters?: RateLimiters;
  rateLimitRules?: readonly TierRule[];
  providers?: readonly ProviderProbe[];
  /** Domain routers from later issues (sync, chat, voices ...). */
  routes?: readonly RouteMount[];
  /** Path prefixes that accept large uploads (UPLOAD_LIMIT_BYTES instead of BODY_LIMIT_BYTES). */
  uploadPrefixes?: readonly string[];
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { config } = deps;
  const limiters = deps.rateLimiters ?? createRateLimiters(config.rateLimits);
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  // Order matters: the id first so every log line and error carries it; headers wrap everything below them,
  // errors included; CORS answers preflights before the gate; the gate sets the user the limiter keys on.
  app.use('*', requestId());
  app.use('*', requestLogger(deps.logger));
  app.use('*', securityHeaders({ tls: config.tls !== undefined }));
  app.use('*', cors(config.corsOrigins));
  app.use('*', authGate({ auth: deps.auth, limiters, trustProxy: config.trustProxy }));
  app.use(
    '*',
    rateLimit({
      limiters,
      trustProxy: config.trustProxy,
      rules: deps.rateLimitRules,
      // Loading the PWA fetches dozens of files; counting them would lock out a household behind one address.
      skip: (c) => (c.req.method === 'GET' || c.req.method === 'HEAD') && !isReservedPath(c.req.path),
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxBytes: config.bodyLimitBytes,
      uploadMaxBytes: config.uploadLimitBytes,
      uploadPrefixes: deps.uploadPrefixes ?? [],
    }),
  );
  const web = serveWebApp(config.webDist);
  if (web) app.use('*', web);

  app.route('/', createHealthRoutes({ version: VERSION, clock: deps.clock, storage: deps.storage, providers: deps.providers }));
  if (deps.auth) app.route('/api/auth', deps.auth.routes);
  for (const mount of deps.routes ?? []) app.route(mount.path, mount.routes);
  registerDocs(app, { version: VERSION });

  app.onError(onError);
  app.notFound(notFoundHandler);
  return app;
}
