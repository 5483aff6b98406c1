// The app's own IndexedDB database (Dexie): content that belongs to the user on this device. Schema changes add a
// new `version(n)` with an upgrade; versions already shipped are never edited, or browsers holding them break.
import Dexie, { type EntityTable, type Table } from 'dexie';
import type {
  CharacterRecord,
  ChatRecord,
  LorebookRecord,
  MessageRecord,
  OutboxRecord,
  PersonaRecord,
  SettingRecord,
} from './records';
import type { StoredVoice } from './voice-record';

export class AppDatabase extends Dexie {
  voices!: EntityTable<StoredVoice, 'id'>;
  characters!: EntityTable<CharacterRecord, 'id'>;
  lorebooks!: EntityTable<LorebookRecord, 'id'>;
  chats!: EntityTable<ChatRecord, 'id'>;
  messages!: EntityTable<MessageRecord, 'id'>;
  personas!: EntityTable<PersonaRecord, 'id'>;
  settings!: EntityTable<SettingRecord, 'key'>;
  outbox!: Table<OutboxRecord, number>;

  constructor(name: string) {
    super(name);
    // v1: cloned voices, listed newest first (createdAt index).
    this.version(1).stores({ voices: 'id, createdAt' });
    // v2: the companion app's content. Only new tables, so no upgrade function: voices keep their rows untouched.
    // characters: nameKey/lastChatAt/createdAt are the library's sort orders, *tagKeys finds a tag without a scan.
    // chats: [characterId+updatedAt] lists one character's chats newest first straight from the index.
    // messages: [chatId+seq] pages a long chat in order without loading it.
    this.version(2).stores({
      voices: 'id, createdAt',
      characters: 'id, nameKey, createdAt, updatedAt, lastChatAt, *tagKeys',
      lorebooks: 'id, name, scope, updatedAt',
      chats: 'id, characterId, updatedAt, [characterId+updatedAt]',
      messages: 'id, chatId, [chatId+seq]',
      personas: 'id, name',
      settings: 'key',
      outbox: '++seq, table, at',
    });
  }
}

export const APP_DB_NAME = 'companion';

/** Names of the tables that hold synced content (everything but the outbox itself). */
export type ContentTableName = 'voices' | 'characters' | 'lorebooks' | 'chats' | 'messages' | 'personas' | 'settings';

let shared: AppDatabase | null = null;

/** The page's one connection, opened on first use (tests make their own with another name). */
export function appDb(): AppDatabase {
  shared ??= new AppDatabase(APP_DB_NAME);
  return shared;
}
