// Access tokens: short-lived HS256 JWTs, issued and verified with every check pinned (bar A1).
import { randomUUID } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Clock } from '../clock';

/** RFC 9068's media type for JWT access tokens; a token of any other type (an ID or refresh JWT) is refused. */
export const ACCESS_TOKEN_TYP = 'at+jwt';
export const ACCESS_TOKEN_ALG = 'HS256';
/** Bar A2: access tokens live at most 15 minutes. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Bar A1: at most 30 s of clock skew between this server and itself (several processes) is forgiven. */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** Longer tokens are refused before any parsing; ours are about 400 bytes. */
export const MAX_TOKEN_LENGTH = 8 * 1024;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** The only header parameters we issue; anything else (jku, jwk, x5u, x5c, kid, crit, b64, ...) is refused. */
const ALLOWED_HEADER_KEYS = new Set(['alg', 'typ']);

/** What an access token says, after its signature and claims were checked. */
export interface AccessClaims {
  /** The user id. */
  sub: string;
  /** The session (refresh-token family) it was issued under; revoking the session kills the token. */
  sid: string;
  /** The user's token_version at issue; "sign out everywhere" bumps it. */
  ver: number;
  jti: string;
  iat: number;
  exp: number;
}

const claimsSchema = z
  .object({
    sub: z.string().min(1).max(64),
    sid: z.string().min(1).max(64),
    ver: z.number().int().nonnegative(),
    jti: z.string().min(1).max(64),
    iat: z.number(),
    exp: z.number(),
  })
  .refine((c) => c.exp - c.iat <= MAX_ACCESS_TOKEN_TTL_SECONDS, 'lifetime longer than we ever issue');

export interface AccessTokenOptions {
  /** JWT_SECRET; at least 32 bytes. */
  secret: string;
  issuer: string;
  audience: string;
  clock: Clock;
  ttlSeconds?: number;
}

/** A token failed a check. The reason is for tests and debugging; clients only ever see a generic 401. */
export class InvalidAccessToken extends Error {
  constructor(readonly reason: string) {
    super(`invalid access token: ${reason}`);
    this.name = 'InvalidAccessToken';
  }
}

export interface AccessTokens {
  readonly ttlSeconds: number;
  sign(claims: { sub: string; sid: string; ver: number }): Promise<string>;
  /** Resolves with the claims or rejects with InvalidAccessToken; never anything else. */
  verify(token: string): Promise<AccessClaims>;
}

export function createAccessTokens(options: AccessTokenOptions): AccessTokens {
  const ttlSeconds = options.ttlSeconds ?? MAX_ACCESS_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_ACCESS_TOKEN_TTL_SECONDS) {
    throw new Error(`Access token lifetime must be 1-${MAX_ACCESS_TOKEN_TTL_SECONDS} s`);
  }
  const key = new TextEncoder().encode(options.secret);
  if (key.byteLength < 32) throw new Error('JWT secret must be at least 32 bytes');
  const { issuer, audience, clock } = options;

  return {
    ttlSeconds,
    async sign({ sub, sid, ver }) {
      const now = Math.floor(clock.now() / 1000);
      return new SignJWT({ sid, ver })
        .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, typ: ACCESS_TOKEN_TYP })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(sub)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(key);
    },
    async verify(token) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new InvalidAccessToken('too long');
      if (!COMPACT_JWS.test(token)) throw new InvalidAccessToken('not a compact JWS');
      checkHeader(token);
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ACCESS_TOKEN_ALG],
          issuer,
          audience,
          typ: ACCESS_TOKEN_TYP,
          requiredClaims: ['exp', 'iat', 'sub', 'jti'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          // Also refuses an iat in the future, and any token older than the longest lifetime we issue.
          maxTokenAge: MAX_ACCESS_TOKEN_TTL_SECONDS,
          currentDate: new Date(clock.now()),
        });
        const claims = claimsSchema.safeParse(payload);
        if (!claims.success) throw new InvalidAccessToken('claims of the wrong shape');
        return claims.data;
      } catch (error) {
        if (error instanceof InvalidAccessToken) throw error;
        // jose's errors (bad signature, expired, wrong issuer, ...) and anything unexpected alike: invalid.
        throw new InvalidAccessToken(error instanceof Error ? error.message : 'verification failed');
      }
    },
  };
}

/** Checked before jose sees the token, so unsupported header parameters are refused rather than ignored. */
function checkHeader(token: string): void {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    throw new InvalidAccessToken('unreadable header');
  }
  for (const name of Object.keys(header)) {
    if (!ALLOWED_HEADER_KEYS.has(name)) throw new InvalidAccessToken(`header parameter ${name} not allowed`);
  }
  if (header.alg !== ACCESS_TOKEN_ALG) throw new InvalidAccessToken('algorithm not allowed');
  if (header.typ !== ACCESS_TOKEN_TYP) throw new InvalidAccessToken('wrong token type');
}
