// The contract between the server core and the auth helper: app.ts mounts whatever createAuthModule() returns.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/** The signed-in user as every protected handler sees it (c.var.user). */
export interface AuthUser {
  id: string;
  username: string;
  role: 'owner' | 'user';
}

export interface AuthModule {
  /** Mounted at /api/auth; every path under it is public at the gate, so routes like /me guard themselves. */
  routes: OpenAPIHono<AppEnv>;
  /**
   * Verifies `Authorization: Bearer <accessToken>` and sets c.var.user, or throws AppError 401.
   * app.ts runs it in front of every protected /api/* and /v1/* route.
   */
  requireAuth: MiddlewareHandler<AppEnv>;
  /** The auth service, for other modules (sync, tests, the benchmark) that need to create users or tokens. */
  service: unknown;
}
