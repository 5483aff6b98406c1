// The account service: registration, login, refresh, logout and request authentication over one database.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import { AppError, badRequest } from '../errors';
import { isUniqueViolation, type Database } from '../storage';
import { createAccessTokens } from './access-tokens';
import { moveOwnership } from './owner';
import { passwordProblem, usernameKey, usernameProblem } from './credentials';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './passwords';
import { createSessions, type AuthResult, type Authenticated } from './sessions';

export type { AuthResult, Authenticated } from './sessions';

export const DEFAULT_ISSUER = 'companion-sync-server';
export const DEFAULT_AUDIENCE = 'companion-api';

export interface AuthServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  jwtSecret: string;
  /**
   * 'closed': nobody registers over HTTP, not even a first owner (a stranger could claim an empty or ownerless
   * server); the owner is made with `npm run setup -- --owner <name>` and cannot leave without handing over.
   */
  registration: 'open' | 'closed';
  issuer?: string;
  audience?: string;
  passwordParams?: ScryptParams;
  accessTtlSeconds?: number;
  refreshTtlMs?: number;
  /**
   * Runs after an account's rows are deleted, to remove what the database does not hold (voice files under
   * DATA_DIR). A failure here does not bring the account back: the periodic file sweep removes what is left.
   */
  onAccountDeleted?: (userId: string) => Promise<void>;
}

export const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 401, 'Wrong username or password.');
export const usernameTaken = () => new AppError('USERNAME_TAKEN', 409, 'That username is taken.');
export const registrationClosed = () =>
  new AppError('REGISTRATION_CLOSED', 403, 'Registration is closed on this server. Its owner is set up with `npm run setup -- --owner <username>`.');
export const ownerMustHandOver = () =>
  new AppError(
    'OWNER_TRANSFER_REQUIRED',
    409,
    'You own this server and other accounts exist: hand ownership to one of them first (POST /api/auth/owner), then delete your account.',
  );

export function createAuthService(options: AuthServiceOptions) {
  const { db, clock, registration } = options;
  const params = options.passwordParams ?? DEFAULT_SCRYPT_PARAMS;
  const tokens = createAccessTokens({
    secret: options.jwtSecret,
    issuer: options.issuer ?? DEFAULT_ISSUER,
    audience: options.audience ?? DEFAULT_AUDIENCE,
    clock,
    ...(options.accessTtlSeconds !== undefined ? { ttlSeconds: options.accessTtlSeconds } : {}),
  });
  const sessions = createSessions({
    db,
    clock,
    tokens,
    ...(options.refreshTtlMs !== undefined ? { refreshTtlMs: options.refreshTtlMs } : {}),
  });

  // Unknown usernames are checked against this hash so a failed login costs one scrypt either way. Made now, in
  // the background, so that even the first unknown-user login is not slowed by making it.
  const dummyHash = hashPassword(randomBytes(16).toString('hex'), params);

  const findByKey = (key: string) =>
    db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'token_version', 'password_hash'])
      .where('username_key', '=', key)
      .executeTakeFirst();
  const otherUserThan = async (id: string) =>
    (await db.selectFrom('users').select('id').where('id', '!=', id).limit(1).executeTakeFirst()) !== undefined;
  const anyUser = async () => (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;

  return {
    async register(username: string, password: string): Promise<AuthResult> {
      const problems = [
        ['username', usernameProblem(username)],
        ['password', passwordProblem(password)],
      ].filter((p): p is [string, string] => p[1] !== null);
      if (problems.length)
        throw badRequest('The request is not valid.', {
          fields: problems.map(([field, message]) => ({ field, message })),
        });
      const key = usernameKey(username);
      // Cheap refusals first, so a closed server or a taken name costs no scrypt.
      if (await findByKey(key)) throw usernameTaken();
      if (registration === 'closed') throw registrationClosed();
      const passwordHash = await hashPassword(password, params);
      // Two tries: the first insert can lose the race to be owner (a unique index allows one), then it is a user.
      for (let attempt = 0; attempt < 2; attempt++) {
        const role = (await anyUser()) ? 'user' : 'owner';
        const now = clock.now();
        const row = {
          id: randomUUID(),
          username,
          username_key: key,
          password_hash: passwordHash,
          role,
          created_at: now,
          updated_at: now,
        } as const;
        try {
          await db.insertInto('users').values(row).execute();
          return await sessions.start({ ...row, token_version: 0 });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          if (await findByKey(key)) throw usernameTaken();
        }
      }
      throw usernameTaken();
    },

    /** Fails the same way, after the same work, whether the user does not exist or the password is wrong. */
    async login(username: string, password: string): Promise<AuthResult> {
      const user = username.length <= 64 && password.length <= 256 ? await findByKey(usernameKey(username)) : undefined;
      const matches = await verifyPassword(password, user?.password_hash ?? (await dummyHash));
      if (!user || !matches) throw invalidCredentials();
      if (needsRehash(user.password_hash, params)) {
        // The cost was raised since this hash was made; upgrade it now that we know the password.
        const upgraded = await hashPassword(password, params);
        await db
          .updateTable('users')
          .set({ password_hash: upgraded, updated_at: clock.now() })
          .where('id', '=', user.id)
          .execute();
      }
      return sessions.start(user);
    },

    refresh: (refreshToken: string): Promise<AuthResult> => sessions.rotate(refreshToken),

    /** Ends the caller's session, or with `everywhere` every session and access token of the user. */
    async logout(auth: Authenticated, everywhere = false): Promise<void> {
      if (everywhere) await sessions.revokeAll(auth.user.id);
      else await sessions.revoke(auth.sessionId, 'logout');
    },

    authenticate: (accessToken: string): Promise<Authenticated> => sessions.authenticate(accessToken),

    /**
     * Deletes the signed-in account and everything it owns, once the password is given again: an access token
     * alone (a borrowed device, a stolen token) cannot do it. A wrong password fails exactly like a failed login
     * (A4), after the same scrypt work. Every user-owned row goes by ON DELETE CASCADE in one statement, sessions
     * and refresh tokens with it, so every access token and API key is refused from the next request on; then
     * onAccountDeleted removes the files. Resolves with the error of that clean-up, if any, for the caller to log.
     */
    async deleteAccount(auth: Authenticated, password: string): Promise<{ cleanupError?: unknown }> {
      const user =
        password.length <= 256
          ? await db.selectFrom('users').select(['id', 'role', 'password_hash']).where('id', '=', auth.user.id).executeTakeFirst()
          : undefined;
      const matches = await verifyPassword(password, user?.password_hash ?? (await dummyHash));
      if (!user || !matches) throw invalidCredentials();
      // On a closed server the owner's leaving would leave nobody able to admit anyone: closed stays closed.
      if (registration === 'closed' && user.role === 'owner' && (await otherUserThan(user.id))) throw ownerMustHandOver();
      const gone = await db.deleteFrom('users').where('id', '=', user.id).executeTakeFirst();
      // A second request racing this one found the row too; only one deletes it, the other fails like a wrong password.
      if (gone.numDeletedRows !== 1n) throw invalidCredentials();
      try {
        await options.onAccountDeleted?.(user.id);
        return {};
      } catch (cleanupError) {
        return { cleanupError };
      }
    },

    /**
     * The owner hands ownership to another existing account, confirming with their password; they stay as a plain
     * user. Anyone else gets 403; an unknown target 404.
     */
    async transferOwnership(auth: Authenticated, target: string, password: string): Promise<AuthUserView> {
      const me = await db.selectFrom('users').select(['id', 'role', 'password_hash']).where('id', '=', auth.user.id).executeTakeFirst();
      const matches = await verifyPassword(password.length <= 256 ? password : '', me?.password_hash ?? (await dummyHash));
      if (!me || !matches) throw invalidCredentials();
      if (me.role !== 'owner') throw new AppError('FORBIDDEN', 403, 'Only the owner can hand over ownership.');
      const to = await findByKey(usernameKey(target));
      if (!to) throw new AppError('NOT_FOUND', 404, `No account named ${target.slice(0, 64)}.`);
      if (to.id === me.id) throw new AppError('CONFLICT', 409, 'You already own this server.');
      await moveOwnership(db, clock, to.id);
      return { id: to.id, username: to.username, role: 'owner' };
    },

    /** Housekeeping for a periodic timer: drops expired refresh tokens and dead sessions. */
    purgeExpired: (): Promise<number> => sessions.purgeExpired(),

    /** Access-token lifetime in seconds. */
    accessTokenTtl: tokens.ttlSeconds,
  };
}

export interface AuthUserView {
  id: string;
  username: string;
  role: 'owner' | 'user';
}

export type AuthService = ReturnType<typeof createAuthService>;
