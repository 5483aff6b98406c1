// Tiered rate limits keyed by user id, else client address; answers 429 with Retry-After and RateLimit-* headers.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import type { RateLimitTier, TrustProxy } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { setResponseHeaders } from '../../lib/response-headers.ts';
import { clientAddress, limitKeyForAddress } from './client-address.ts';
import type { RateDecision, RateLimiters } from './limiters.ts';

export { createRateLimiters, type RateLimiters, type RateDecision } from './limiters.ts';
export { clientAddress, socketAddress } from './client-address.ts';

export interface TierRule {
  tier: RateLimitTier;
  /** Path prefix (matched on whole segments) or exact path. */
  prefix: string;
  /** Only this method; any when absent. */
  method?: string;
}

/** First match wins. Later routes add their rules by passing deps.rateLimitRules. */
export const DEFAULT_TIER_RULES: readonly TierRule[] = [
  { tier: 'auth', prefix: '/api/auth' },
  { tier: 'voiceClone', prefix: '/api/voices', method: 'POST' },
  { tier: 'voiceClone', prefix: '/api/voice/clone' },
  { tier: 'voiceClone', prefix: '/api/tts/clone', method: 'POST' },
  { tier: 'synthesis', prefix: '/api/tts' },
  { tier: 'synthesis', prefix: '/api/voice/synthesize' },
  { tier: 'synthesis', prefix: '/v1/audio/speech' },
  { tier: 'chat', prefix: '/api/chat' },
  { tier: 'chat', prefix: '/v1/chat' },
  { tier: 'chat', prefix: '/v1/completions' },
  { tier: 'sync', prefix: '/api/sync' },
];

const matches = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export function tierFor(rules: readonly TierRule[], method: string, path: string): RateLimitTier {
  const rule = rules.find((r) => (r.method === undefined || r.method === method) && matches(path, r.prefix));
  return rule?.tier ?? 'default';
}

function headersFor(d: RateDecision): Record<string, string> {
  const resetSeconds = Math.max(1, Math.ceil(d.resetMs / 1000));
  return {
    'RateLimit-Policy': `${d.limit};w=${d.windowSeconds}`,
    'RateLimit-Limit': String(d.limit),
    'RateLimit-Remaining': String(d.remaining),
    'RateLimit-Reset': String(resetSeconds),
  };
}

export function rateLimitError(d: RateDecision): AppError {
  const headers = headersFor(d);
  return new AppError('RATE_LIMITED', 429, 'Too many requests; try again later.', { retryAfterSeconds: Number(headers['RateLimit-Reset']) }, {
    ...headers,
    'Retry-After': headers['RateLimit-Reset']!,
  });
}

export interface RateLimitOptions {
  limiters: RateLimiters;
  trustProxy: TrustProxy;
  rules?: readonly TierRule[];
  /** Requests not counted at all (app.ts skips the static PWA files, which cost a file read). */
  skip?: (c: Context<AppEnv>) => boolean;
}

/** The key a request is counted under: the signed-in user, else the client's address. */
export function limitKey(c: Context<AppEnv>, trustProxy: TrustProxy): string {
  const user = c.get('user');
  return user ? `user:${user.id}` : `addr:${limitKeyForAddress(clientAddress(c, trustProxy))}`;
}

/** Runs after the auth gate so that signed-in requests are counted per user. */
export function rateLimit(opts: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const rules = opts.rules ?? DEFAULT_TIER_RULES;
  return async (c, next) => {
    if (c.req.method === 'OPTIONS' || opts.skip?.(c)) return next();
    const tier = tierFor(rules, c.req.method, c.req.path);
    const decision = await opts.limiters.consume(tier, limitKey(c, opts.trustProxy));
    if (!decision.allowed) throw rateLimitError(decision);
    await next();
    setResponseHeaders(c, headersFor(decision));
  };
}
