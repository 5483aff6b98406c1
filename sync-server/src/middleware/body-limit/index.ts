// Caps request bodies (413 PAYLOAD_TOO_LARGE), counting streamed bytes when there is no Content-Length (chunked).
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';

export interface BodyLimitOptions {
  /** Limit for everything else (JSON APIs). */
  maxBytes: number;
  /** Larger limit for upload routes (audio, cards), which also cap and sniff the bytes themselves. */
  uploadMaxBytes: number;
  /** Path prefixes that take uploads, e.g. '/api/voices'. */
  uploadPrefixes: readonly string[];
}

const tooLarge = (limit: number) =>
  new AppError('PAYLOAD_TOO_LARGE', 413, `The request body is larger than ${limit} bytes.`, { limitBytes: limit });

export function bodyLimit(opts: BodyLimitOptions): MiddlewareHandler<AppEnv> {
  const make = (maxSize: number) =>
    honoBodyLimit({
      maxSize,
      onError: () => {
        throw tooLarge(maxSize);
      },
    });
  const standard = make(opts.maxBytes);
  const upload = make(opts.uploadMaxBytes);
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const isUpload = opts.uploadPrefixes.some((p) => c.req.path === p || c.req.path.startsWith(`${p}/`));
    return (isUpload ? upload : standard)(c, next);
  };
}
