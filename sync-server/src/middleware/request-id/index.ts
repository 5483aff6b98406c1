// Gives each request an id (X-Request-Id) that ties the response, the error body and the log lines together.
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { setResponseHeaders } from '../../lib/response-headers.ts';

// A proxy's id is echoed only when it cannot smuggle anything into headers or logs.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming !== undefined && SAFE_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', id);
    await next();
    setResponseHeaders(c, { 'X-Request-Id': id });
  };
}
