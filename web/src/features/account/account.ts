// The app's one AccountSession, and a hook that re-renders when it signs in or out.
import { useSyncExternalStore } from 'react';
import { AccountSession, type AccountState, type SessionStore } from './account-session';

let instance: AccountSession | null = null;

/** Kept in IndexedDB (web/src/db), loaded late so Dexie stays off the first page's critical path. */
const persistedStore: SessionStore = {
  load: async () => (await import('../../db/account-store')).accountStore.load(),
  save: async (s) => (await import('../../db/account-store')).accountStore.save(s),
  clear: async () => (await import('../../db/account-store')).accountStore.clear(),
};

export function account(): AccountSession {
  if (!instance) {
    instance = new AccountSession({ baseUrl: window.location.origin, store: persistedStore });
    // A stored session from an earlier visit; failures leave the user signed out with nothing lost.
    instance.restore().catch(() => undefined);
  }
  return instance;
}

export function useAccount(): AccountState {
  const session = account();
  return useSyncExternalStore(
    (onChange) => session.subscribe(onChange),
    () => session.current,
  );
}
