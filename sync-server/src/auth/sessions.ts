// Sessions: one per sign-in, holding a family of opaque refresh tokens that rotate on every use (bar A2, A3).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth-module';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { Database, Role } from '../storage';
import { InvalidAccessToken, type AccessTokens } from './access-tokens';

export const DEFAULT_REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** 32 random bytes (256 bits) as base64url: 43 characters. */
const REFRESH_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface AuthResult {
  user: AuthUser;
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** Who a verified request comes from. */
export interface Authenticated {
  user: AuthUser;
  sessionId: string;
  tokenId: string;
}

interface UserRow {
  id: string;
  username: string;
  role: Role;
  token_version: number;
}

export type RevokeReason = 'logout' | 'logout-everywhere' | 'refresh-token-reuse';

/** Every token failure looks the same to the client; the header tells it which scheme to use (RFC 6750). */
export const invalidToken = (message = 'Invalid or expired token') =>
  new AppError('UNAUTHORIZED', 401, message, undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });

/** The stored form of a refresh token; the token itself is never written anywhere. */
export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export const publicUser = (row: UserRow): AuthUser => ({ id: row.id, username: row.username, role: row.role });

export interface SessionsDeps {
  db: Kysely<Database>;
  clock: Clock;
  tokens: AccessTokens;
  refreshTtlMs?: number;
}

export function createSessions({ db, clock, tokens, refreshTtlMs = DEFAULT_REFRESH_TTL_MS }: SessionsDeps) {
  const newRefreshToken = () => randomBytes(32).toString('base64url');
  const refreshRow = (id: string, familyId: string, userId: string, token: string, now: number) => ({
    id,
    family_id: familyId,
    user_id: userId,
    token_hash: hashRefreshToken(token),
    created_at: now,
    expires_at: now + refreshTtlMs,
    used_at: null,
    replaced_by: null,
  });
  const result = async (user: UserRow, sessionId: string, refreshToken: string): Promise<AuthResult> => ({
    user: publicUser(user),
    accessToken: await tokens.sign({ sub: user.id, sid: sessionId, ver: user.token_version }),
    refreshToken,
    expiresIn: tokens.ttlSeconds,
  });

  async function revoke(sessionId: string, reason: RevokeReason): Promise<void> {
    await db
      .updateTable('auth_sessions')
      .set({ revoked_at: clock.now(), revoke_reason: reason })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  return {
    /** Starts a session for a user who just proved who they are. */
    async start(user: UserRow): Promise<AuthResult> {
      const now = clock.now();
      const sessionId = randomUUID();
      const refreshToken = newRefreshToken();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('auth_sessions')
          .values({
            id: sessionId,
            user_id: user.id,
            created_at: now,
            last_used_at: now,
            revoked_at: null,
            revoke_reason: null,
          })
          .execute();
        await trx
          .insertInto('refresh_tokens')
          .values(refreshRow(randomUUID(), sessionId, user.id, refreshToken, now))
          .execute();
      });
      return result(user, sessionId, refreshToken);
    },

    /**
     * Exchanges a refresh token for a new pair. A token that was already exchanged means two parties hold it
     * (one of them a thief): the whole session is revoked, so neither can go on.
     */
    async rotate(refreshToken: string): Promise<AuthResult> {
      if (!REFRESH_TOKEN.test(refreshToken)) throw invalidToken();
      const now = clock.now();
      const row = await db
        .selectFrom('refresh_tokens as t')
        .innerJoin('auth_sessions as s', 's.id', 't.family_id')
        .innerJoin('users as u', 'u.id', 't.user_id')
        .select([
          't.id',
          't.family_id',
          't.expires_at',
          't.used_at',
          's.revoked_at',
          'u.id as user_id',
          'u.username',
          'u.role',
          'u.token_version',
        ])
        .where('t.token_hash', '=', hashRefreshToken(refreshToken))
        .executeTakeFirst();
      if (!row || row.revoked_at !== null || row.expires_at <= now) throw invalidToken();
      if (row.used_at !== null) {
        await revoke(row.family_id, 'refresh-token-reuse');
        throw invalidToken();
      }
      const next = newRefreshToken();
      const nextId = randomUUID();
      const won = await db.transaction().execute(async (trx) => {
        // The compare-and-set on used_at decides racing refreshes: on PostgreSQL the second UPDATE waits for the
        // first to commit and then matches nothing; SQLite runs transactions one at a time.
        const marked = await trx
          .updateTable('refresh_tokens')
          .set({ used_at: now, replaced_by: nextId })
          .where('id', '=', row.id)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (marked.numUpdatedRows !== 1n) return false;
        await trx
          .insertInto('refresh_tokens')
          .values(refreshRow(nextId, row.family_id, row.user_id, next, now))
          .execute();
        await trx.updateTable('auth_sessions').set({ last_used_at: now }).where('id', '=', row.family_id).execute();
        return true;
      });
      if (!won) {
        await revoke(row.family_id, 'refresh-token-reuse');
        throw invalidToken();
      }
      return result(
        { id: row.user_id, username: row.username, role: row.role, token_version: row.token_version },
        row.family_id,
        next,
      );
    },

    /** Ends one session: its refresh tokens and every access token issued under it stop working at once. */
    revoke,

    /** "Sign out everywhere": every session ends and every access token issued so far is refused. */
    async revokeAll(userId: string): Promise<void> {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set((eb) => ({ token_version: eb('token_version', '+', 1), updated_at: now }))
          .where('id', '=', userId)
          .execute();
        await trx
          .updateTable('auth_sessions')
          .set({ revoked_at: now, revoke_reason: 'logout-everywhere' })
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .execute();
      });
    },

    /**
     * Deletes expired refresh tokens and the sessions left with none. Used tokens are kept until they expire
     * so that a late reuse is still recognised as theft. Returns how many sessions were removed.
     */
    async purgeExpired(): Promise<number> {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('refresh_tokens').where('expires_at', '<=', now).execute();
        const gone = await trx
          .deleteFrom('auth_sessions')
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('refresh_tokens')
                  .select('refresh_tokens.id')
                  .whereRef('refresh_tokens.family_id', '=', 'auth_sessions.id'),
              ),
            ),
          )
          .executeTakeFirst();
        return Number(gone.numDeletedRows);
      });
    },

    /** Verifies an access token and that its session and token version are still current. */
    async authenticate(accessToken: string): Promise<Authenticated> {
      let claims;
      try {
        claims = await tokens.verify(accessToken);
      } catch (error) {
        if (error instanceof InvalidAccessToken) throw invalidToken();
        throw error;
      }
      // A database failure here propagates as a 5xx on purpose: it is the server's fault, not the token's.
      const row = await db
        .selectFrom('auth_sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['u.id', 'u.username', 'u.role', 'u.token_version', 's.revoked_at'])
        .where('s.id', '=', claims.sid)
        .executeTakeFirst();
      if (!row || row.id !== claims.sub || row.revoked_at !== null || row.token_version !== claims.ver)
        throw invalidToken();
      return { user: publicUser(row), sessionId: claims.sid, tokenId: claims.jti };
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
