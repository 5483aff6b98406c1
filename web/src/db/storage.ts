// Browser storage: ask once for persistent storage (so the browser does not evict chats), and usage against quota.
import type { SettingsStore } from './settings';

export { mapStorageError, STORAGE_FULL_MESSAGE } from './storage-errors';

/** The part of `navigator.storage` used here (tests pass a fake; some browsers lack parts of it). */
export interface StorageManagerLike {
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

function browserStorage(): StorageManagerLike | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator.storage as StorageManagerLike | undefined);
}

/**
 * Asks for persistent storage the first time there is real data (call it after the first import, chat or cloned
 * voice). Browsers may show a prompt or decide silently; either way it is asked once, remembered in the settings.
 * Returns whether storage is persistent, or null when it was asked before or cannot be asked.
 */
export async function requestPersistenceOnce(settings: SettingsStore, storage = browserStorage()): Promise<boolean | null> {
  if ((await settings.getSettings()).persistAsked) return null;
  if (!storage?.persist) return null;
  let granted: boolean;
  try {
    granted = (await storage.persisted?.()) === true || (await storage.persist());
  } catch {
    // A refusal that throws (some embedded browsers) is still an answer: do not ask again on every start.
    granted = false;
  }
  await settings.updateSettings({ persistAsked: true });
  return granted;
}

export interface StorageEstimate {
  usage: number;
  quota: number;
}

/** Bytes used and available to this origin (all of it: models and caches too), or null where unknown. */
export async function estimate(storage = browserStorage()): Promise<StorageEstimate | null> {
  if (!storage?.estimate) return null;
  try {
    const e = await storage.estimate();
    if (typeof e.usage !== 'number' || typeof e.quota !== 'number') return null;
    return { usage: e.usage, quota: e.quota };
  } catch {
    return null;
  }
}
