// The signed-in session kept between visits: one row with the refresh token and the user.
// Its own small database, apart from the app's content: signing out or switching servers clears this without
// touching chats or voices, and a future "wipe local data" can keep or drop it on purpose.
import Dexie, { type EntityTable } from 'dexie';
import type { SessionStore, StoredSession } from '../features/account/account-session';

interface SessionRow extends StoredSession {
  /** Always 'current': one session per origin. */
  key: 'current';
  savedAt: number;
}

class AccountDatabase extends Dexie {
  sessions!: EntityTable<SessionRow, 'key'>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ sessions: 'key' });
  }
}

export function createAccountStore(name = 'companion-account'): SessionStore & { close(): void } {
  const db = new AccountDatabase(name);
  return {
    async load() {
      const row = await db.sessions.get('current');
      return row ? { refreshToken: row.refreshToken, user: row.user } : null;
    },
    async save(session) {
      await db.sessions.put({ key: 'current', refreshToken: session.refreshToken, user: session.user, savedAt: Date.now() });
    },
    async clear() {
      await db.sessions.delete('current');
    },
    close: () => db.close(),
  };
}

export const accountStore = createAccountStore();
