// Per-user API keys for the /v1 API: high-entropy, prefixed, stored only as SHA-256 hashes (table api_keys).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth-module.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../storage/index.ts';

export const API_KEY_PREFIX = 'cmp_';
/** `cmp_` + 43 base64url characters (256 random bits); nothing else is looked up. */
export const API_KEY_PATTERN = /^cmp_[A-Za-z0-9_-]{43}$/;
/** Keys a user may hold at once, so a script gone wrong cannot fill the table. */
export const MAX_KEYS_PER_USER = 50;
/** lastUsedAt is refreshed at most this often. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  /** The first characters of the key, shown in lists so a user can tell keys apart. */
  prefix: string;
  key_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface ApiKeyStore {
  /** Returns the key itself exactly once; only its hash is kept. */
  create(userId: string, name: string): Promise<ApiKeyInfo & { key: string }>;
  list(userId: string): Promise<ApiKeyInfo[]>;
  /** False when the user has no such live key (someone else's id included). */
  revoke(userId: string, id: string): Promise<boolean>;
  /** The key's owner, or null for an unknown or revoked key. */
  authenticate(key: string): Promise<AuthUser | null>;
}

/** SHA-256 is enough: the key is 256 random bits, so there is nothing for a slow hash to protect against. */
export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('base64url');

export class TooManyKeysError extends Error {}

export function createApiKeyStore(db: Kysely<Database>, clock: Clock): ApiKeyStore {
  const kdb = db.withTables<{ api_keys: ApiKeysTable }>();
  const info = (r: Pick<ApiKeysTable, 'id' | 'name' | 'prefix' | 'created_at' | 'last_used_at'>): ApiKeyInfo => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  });
  return {
    async create(userId, name) {
      const { count } = await kdb
        .selectFrom('api_keys')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(count) >= MAX_KEYS_PER_USER) throw new TooManyKeysError();
      const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row: ApiKeysTable = {
        id: randomUUID(),
        user_id: userId,
        name,
        prefix: key.slice(0, API_KEY_PREFIX.length + 6),
        key_hash: hashApiKey(key),
        created_at: clock.now(),
        last_used_at: null,
        revoked_at: null,
      };
      await kdb.insertInto('api_keys').values(row).execute();
      return { ...info(row), key };
    },
    async list(userId) {
      const rows = await kdb
        .selectFrom('api_keys')
        .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at')
        .execute();
      return rows.map(info);
    },
    async revoke(userId, id) {
      const res = await kdb
        .updateTable('api_keys')
        .set({ revoked_at: clock.now() })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
    async authenticate(key) {
      if (!API_KEY_PATTERN.test(key)) return null;
      const row = await db
        .withTables<{ api_keys: ApiKeysTable }>()
        .selectFrom('api_keys')
        .innerJoin('users', 'users.id', 'api_keys.user_id')
        .select(['api_keys.id as keyId', 'api_keys.last_used_at as lastUsedAt', 'users.id as userId', 'users.username', 'users.role'])
        .where('api_keys.key_hash', '=', hashApiKey(key))
        .where('api_keys.revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return null;
      // A write per request would cost more than the chat routes it guards; a minute is precise enough for a list.
      const now = clock.now();
      if (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
        await kdb.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.keyId).execute();
      }
      return { id: row.userId, username: row.username, role: row.role };
    },
  };
}
