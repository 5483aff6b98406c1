// Reads a server answer through its core schema: a body of another shape (another server version, a proxy's HTML
// page) is a coded, recoverable error that says so, never a cast that fails later somewhere else.
import type { z } from 'zod';
import { CodedError } from '@companion/core/errors';

/** `schema` may be a schema or a function that builds it (core/src/api-schemas builds them on first use). */
export async function readJson<S extends z.ZodType>(res: Response, schema: S | (() => S), what: string): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new CodedError('BAD_SERVER_RESPONSE', `Your server's answer for ${what} was not JSON. Is the address right?`, { recoverable: true });
  }
  const parsed = (typeof schema === 'function' ? schema() : schema).safeParse(body);
  if (!parsed.success) {
    throw new CodedError('BAD_SERVER_RESPONSE', `Your server's answer for ${what} has an unexpected shape; is it the same version as this app?`, {
      recoverable: true,
      details: { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) },
    });
  }
  return parsed.data;
}
