// Each user's active model (table user_settings, migration 0002_inference).
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../storage/index.ts';

export interface UserSettingsTable {
  user_id: string;
  active_model: string | null;
  updated_at: number;
}

export interface UserSettingsStore {
  activeModel(userId: string): Promise<string | null>;
  setActiveModel(userId: string, model: string): Promise<void>;
}

export function createUserSettingsStore(db: Kysely<Database>, clock: Clock): UserSettingsStore {
  // The table belongs to this module; the storage module's Database type need not know it.
  const kdb = db.withTables<{ user_settings: UserSettingsTable }>();
  return {
    async activeModel(userId) {
      const row = await kdb.selectFrom('user_settings').select('active_model').where('user_id', '=', userId).executeTakeFirst();
      return row?.active_model ?? null;
    },
    async setActiveModel(userId, model) {
      const now = clock.now();
      await kdb
        .insertInto('user_settings')
        .values({ user_id: userId, active_model: model, updated_at: now })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ active_model: model, updated_at: now }))
        .execute();
    },
  };
}

/** For tests and servers without storage. */
export function memoryUserSettings(): UserSettingsStore {
  const map = new Map<string, string>();
  return {
    activeModel: async (userId) => map.get(userId) ?? null,
    setActiveModel: async (userId, model) => {
      map.set(userId, model);
    },
  };
}
