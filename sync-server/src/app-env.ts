// The Hono environment every router shares: what middleware puts in c.var, and the Node bindings.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { HttpBindings } from '@hono/node-server';
import type { Logger } from 'pino';
import type { AuthUser } from './auth-module.ts';

export interface AppEnv {
  // Optional pieces: app.request() in tests has no Node socket.
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    /** A child logger that already carries the request id. */
    log: Logger;
    /** Set by the auth module's requireAuth on protected routes. */
    user?: AuthUser;
  };
}

/**
 * A router for a domain (createXRoutes(service) returns one). Validation failures inherit the app's hook once
 * mounted with app.route(), so they answer 400 VALIDATION_FAILED in the shared error shape.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>();
}
