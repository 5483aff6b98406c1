// Sets headers on c.res even when the Response came from somewhere that froze its headers.
import type { Context } from 'hono';

export function setResponseHeaders(c: Context, headers: Record<string, string>): void {
  try {
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  } catch {
    // Immutable headers (a fetched Response): copy once, then set.
    c.res = new Response(c.res.body, c.res);
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  }
}
