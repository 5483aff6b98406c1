// Structured JSON logs (pino) that never carry credentials: no headers, no bodies, no query strings.
import type { MiddlewareHandler } from 'hono';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppEnv } from '../../app-env.ts';
import type { Config } from '../../env.ts';

// Defence in depth: the request logger below logs none of these, but a careless log call elsewhere might.
const REDACT_KEYS = [
  'authorization', 'Authorization', 'cookie', 'Cookie', 'set-cookie', 'password', 'newPassword', 'currentPassword',
  'token', 'accessToken', 'refreshToken', 'idToken', 'secret', 'jwtSecret', 'apiKey', 'api_key', 'JWT_SECRET',
];
const REDACT_PATHS = [
  ...REDACT_KEYS,
  ...REDACT_KEYS.map((k) => `*.${k}`),
  ...REDACT_KEYS.map((k) => `*.*.${k}`),
  'req.headers',
  'headers',
  'config',
];

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'companion-sync' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * c.var.log, made on first use: most requests never log beyond the request line, and pino's child() (with
 * redaction) costs as much as a small handler.
 */
function lazyChild(root: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  return new Proxy(root, {
    get(_target, prop) {
      child ??= root.child(bindings);
      const value: unknown = Reflect.get(child, prop, child);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(child) : value;
    },
  });
}

/** One line per request: id, method, path without its query, status, duration, user id. */
export function requestLogger(root: Logger, now: () => number = () => performance.now()): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = now();
    const requestId = c.get('requestId');
    c.set('log', lazyChild(root, { requestId }));
    await next();
    const status = c.res.status;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (!root.isLevelEnabled(level)) return;
    root[level](
      {
        requestId,
        method: c.req.method,
        // Query strings can hold tokens (?token=...), so only the path is logged.
        path: c.req.path.slice(0, 256),
        status,
        ms: Math.round((now() - start) * 10) / 10,
        userId: c.get('user')?.id,
      },
      'request',
    );
  };
}
