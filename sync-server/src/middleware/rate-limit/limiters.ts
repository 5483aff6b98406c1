// Rate-limit stores per tier: in memory by default, in Redis when REDIS_URL is set so processes share one count.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RATE_LIMIT_TIERS, type RateLimitTier, type TierLimit } from '../../env.ts';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
  /** Window length in seconds (for RateLimit-Policy). */
  windowSeconds: number;
}

export interface RateLimiters {
  consume(tier: RateLimitTier, key: string): Promise<RateDecision>;
}

export interface RateLimiterOptions {
  /** A connected ioredis client; without one the counts live in this process. */
  redis?: Redis;
  /** Namespaces Redis keys, so tests (or two deployments on one Redis) do not share counts. */
  keyPrefix?: string;
}

export function createRateLimiters(limits: Record<RateLimitTier, TierLimit>, opts: RateLimiterOptions = {}): RateLimiters {
  const prefix = opts.keyPrefix ?? 'companion-rl';
  const byTier = new Map<RateLimitTier, { limiter: RateLimiterAbstract; limit: TierLimit }>();
  for (const tier of RATE_LIMIT_TIERS) {
    const limit = limits[tier];
    const base = { points: limit.points, duration: limit.duration, keyPrefix: `${prefix}:${tier}` };
    const limiter = opts.redis
      ? new RateLimiterRedis({
          ...base,
          storeClient: opts.redis,
          // Redis down must not take the server down: fall back to a per-process count until it returns.
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(base),
        })
      : new RateLimiterMemory(base);
    byTier.set(tier, { limiter, limit });
  }
  return {
    async consume(tier, key) {
      const entry = byTier.get(tier);
      if (!entry) throw new Error(`unknown rate-limit tier ${tier}`);
      const { limiter, limit } = entry;
      const decide = (res: RateLimiterRes, allowed: boolean): RateDecision => ({
        allowed,
        limit: limit.points,
        remaining: Math.max(0, res.remainingPoints),
        resetMs: Math.max(0, res.msBeforeNext),
        windowSeconds: limit.duration,
      });
      try {
        return decide(await limiter.consume(key), true);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return decide(rejection, false);
        throw rejection;
      }
    },
  };
}
