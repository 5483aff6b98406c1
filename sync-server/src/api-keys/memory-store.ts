// An in-memory ApiKeyStore with the same rules as the database one, for route tests that run without storage.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth-module.ts';
import { API_KEY_PATTERN, API_KEY_PREFIX, hashApiKey, MAX_KEYS_PER_USER, TooManyKeysError, type ApiKeyInfo, type ApiKeyStore } from './store.ts';

export function memoryApiKeyStore(users: (id: string) => AuthUser | undefined = (id) => ({ id, username: id, role: 'user' })): ApiKeyStore {
  const rows = new Map<string, ApiKeyInfo & { userId: string; hash: string }>();
  const live = (userId: string) => [...rows.values()].filter((r) => r.userId === userId);
  const info = ({ id, name, prefix, createdAt, lastUsedAt }: ApiKeyInfo): ApiKeyInfo => ({ id, name, prefix, createdAt, lastUsedAt });
  return {
    async create(userId, name) {
      if (live(userId).length >= MAX_KEYS_PER_USER) throw new TooManyKeysError();
      const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = { id: randomUUID(), userId, name, prefix: key.slice(0, API_KEY_PREFIX.length + 6), hash: hashApiKey(key), createdAt: Date.now(), lastUsedAt: null };
      rows.set(row.id, row);
      return { ...info(row), key };
    },
    list: async (userId) => live(userId).map(info),
    async revoke(userId, id) {
      const row = rows.get(id);
      if (!row || row.userId !== userId) return false;
      rows.delete(id);
      return true;
    },
    async authenticate(key) {
      if (!API_KEY_PATTERN.test(key)) return null;
      const hash = hashApiKey(key);
      const row = [...rows.values()].find((r) => r.hash === hash);
      return row ? (users(row.userId) ?? null) : null;
    },
  };
}
