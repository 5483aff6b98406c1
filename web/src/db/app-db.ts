// The app's own IndexedDB database (Dexie): content that belongs to the user on this device. Schema changes add a
// new `version(n)` with an upgrade; versions already shipped are never edited, or browsers holding them break.
import Dexie, { type EntityTable } from 'dexie';
import type { StoredVoice } from './voice-record';

export class AppDatabase extends Dexie {
  voices!: EntityTable<StoredVoice, 'id'>;

  constructor(name: string) {
    super(name);
    // v1: cloned voices, listed newest first (createdAt index).
    this.version(1).stores({ voices: 'id, createdAt' });
  }
}

export const APP_DB_NAME = 'companion';

let shared: AppDatabase | null = null;

/** The page's one connection, opened on first use (tests make their own with another name). */
export function appDb(): AppDatabase {
  shared ??= new AppDatabase(APP_DB_NAME);
  return shared;
}
