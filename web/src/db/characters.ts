// Characters: the library (paged, searched, sorted), import and export of card files, edits, delete with undo.
import type { CardData, CardImport, CardSource, ExportFormat, JsonObject, LorebookImport } from '@companion/core/cards';
import { CodedError } from '@companion/core/errors';
import { appDb, type AppDatabase } from './app-db';
import type { ExportedFile } from './card-files';
import { indexKeys } from './index-keys';
import { type CharacterQuery, listCharacters, type Page } from './character-list';
import { mutate } from './outbox';
import type { CharacterAsset, CharacterRecord, ChatRecord, MessageRecord } from './records';
import { flagKey } from './settings';
import { starterCard } from './starter';

export type { CharacterQuery, CharacterSort, Page } from './character-list';
export type { ExportedFile } from './card-files';

export interface NewCharacter {
  card: CardData;
  /** The portrait: bytes (a PNG's card chunks are dropped) or a Blob kept as is; null for the drawn default. */
  image: Uint8Array | Blob | null;
  assets?: CharacterAsset[];
  origin: string;
  source?: CardSource;
  extraTop?: JsonObject;
  voice?: string | null;
}

export interface CharacterPatch {
  card?: CardData;
  image?: Uint8Array | Blob | null;
  voice?: string | null;
}

/** Everything a delete removed, for undo. */
export interface CharacterSnapshot {
  character: CharacterRecord;
  chats: ChatRecord[];
  messages: MessageRecord[];
}

export interface CharacterStore {
  list(query: CharacterQuery): Promise<Page<CharacterRecord>>;
  get(id: string): Promise<CharacterRecord | undefined>;
  /** Always a new record: a name that exists already is kept as is, beside the other card (ids tell them apart). */
  add(character: NewCharacter): Promise<CharacterRecord>;
  /** PNG/APNG, JSON (V1/V2/V3) or CHARX; the kind comes from the bytes. Errors are IMPORT_<reason> CodedErrors. */
  /** `parse` reads the file; the screens pass a worker's reader for large files so the page stays responsive. */
  importFile(
    bytes: Uint8Array,
    fileName: string,
    parse?: CardFileParser,
  ): Promise<{ character: CharacterRecord; warnings: string[] }>;
  update(id: string, patch: CharacterPatch): Promise<CharacterRecord>;
  /** Removes the character with its chats and messages; the snapshot brings them back with `restore`. */
  remove(id: string): Promise<CharacterSnapshot>;
  restore(snapshot: CharacterSnapshot): Promise<void>;
  exportFile(id: string, format: ExportFormat): Promise<ExportedFile>;
  /** Adds the starter character once, on first run; null when it was added before or the library is not empty. */
  ensureStarter(): Promise<CharacterRecord | null>;
}

export const STARTER_FLAG = 'starterAdded';

/** Reads a card file with core's readers (PNG/APNG, JSON, CHARX, or a lorebook, which import refuses). */
export type CardFileParser = (bytes: Uint8Array, fileName: string) => Promise<CardImport | LorebookImport>;

// Core's card readers and writers (and fflate) load on first import, export or portrait: the app shell reads the
// library through this store and must not carry them on its first page.
const cardCodecs = () => import('@companion/core/cards');
const cardFiles = () => import('./card-files');

const parseHere: CardFileParser = async (bytes) => (await cardCodecs()).readAny(bytes);

export function characterNotFound(id: string): CodedError {
  return new CodedError('CHARACTER_NOT_FOUND', 'That character is no longer on this device.', { details: { id } });
}

async function imageBlob(image: Uint8Array | Blob | null | undefined): Promise<Blob | null> {
  if (!image) return null;
  if (image instanceof Blob) return image;
  const { portraitBytes, toBlob, imageMime } = await cardFiles();
  const bytes = portraitBytes(image);
  return toBlob(bytes, imageMime(bytes));
}

function checkCard(card: CardData): void {
  if (card.name.trim() === '')
    throw new CodedError('CHARACTER_BAD_NAME', 'Give the character a name.', { recoverable: true });
}

export function createCharacterStore(db: AppDatabase = appDb(), now: () => number = Date.now): CharacterStore {
  const opts = { now };

  const add = async (c: NewCharacter): Promise<CharacterRecord> => {
    checkCard(c.card);
    // The Blob is made before the transaction: IndexedDB transactions commit when a task awaits anything else.
    const image = await imageBlob(c.image);
    return mutate(
      db,
      [db.characters],
      async (w) => {
        const record: CharacterRecord = {
          id: crypto.randomUUID(),
          card: c.card,
          ...indexKeys(c.card),
          image,
          assets: c.assets ?? [],
          origin: c.origin,
          ...(c.source && { source: c.source }),
          ...(c.extraTop && { extraTop: c.extraTop }),
          voice: c.voice ?? null,
          createdAt: w.at,
          updatedAt: w.at,
          lastChatAt: 0,
        };
        await w.put(db.characters, record);
        return record;
      },
      opts,
    );
  };

  return {
    list: (query) => listCharacters(db, query),
    get: (id) => db.characters.get(id),
    add,

    async importFile(bytes, fileName, parse = parseHere) {
      let parsed;
      try {
        parsed = await parse(bytes, fileName);
      } catch (e) {
        throw (await cardFiles()).importError(e, fileName);
      }
      if (parsed.kind === 'lorebook') {
        throw new CodedError(
          'IMPORT_IS_LOREBOOK',
          `"${fileName}" is a lorebook, not a character card: import it under Lorebooks.`,
          {
            recoverable: true,
            details: { fileName },
          },
        );
      }
      const { card } = parsed;
      const character = await add({
        card: card.data,
        image: card.image ?? null,
        assets: card.files.map((f) => ({ path: f.path, bytes: f.bytes })),
        origin: card.source.container,
        source: card.source,
        extraTop: card.extraTop,
      });
      return { character, warnings: parsed.warnings };
    },

    async update(id, patch) {
      if (patch.card) checkCard(patch.card);
      const image = patch.image === undefined ? undefined : await imageBlob(patch.image);
      return mutate(
        db,
        [db.characters],
        async (w) => {
          const current = await db.characters.get(id);
          if (!current) throw characterNotFound(id);
          const next: CharacterRecord = {
            ...current,
            ...(patch.card && { card: patch.card, ...indexKeys(patch.card) }),
            ...(image !== undefined && { image }),
            ...(patch.voice !== undefined && { voice: patch.voice }),
            updatedAt: w.at,
          };
          await w.put(db.characters, next);
          return next;
        },
        opts,
      );
    },

    remove: (id) =>
      mutate(
        db,
        [db.characters, db.chats, db.messages],
        async (w) => {
          const character = await db.characters.get(id);
          if (!character) throw characterNotFound(id);
          const chats = await db.chats.where('characterId').equals(id).toArray();
          const messages = await db.messages
            .where('chatId')
            .anyOf(chats.map((c) => c.id))
            .toArray();
          await w.bulkDelete(
            db.messages,
            messages.map((m) => m.id),
          );
          await w.bulkDelete(
            db.chats,
            chats.map((c) => c.id),
          );
          await w.delete(db.characters, id);
          return { character, chats, messages };
        },
        opts,
      ),

    restore: (s) =>
      mutate(
        db,
        [db.characters, db.chats, db.messages],
        async (w) => {
          await w.put(db.characters, s.character);
          await w.bulkPut(db.chats, s.chats);
          await w.bulkPut(db.messages, s.messages);
        },
        opts,
      ),

    async exportFile(id, format) {
      const rec = await db.characters.get(id);
      if (!rec) throw characterNotFound(id);
      return (await cardFiles()).exportRecord(rec, format);
    },

    async ensureStarter() {
      // Checked first (and again inside the transaction): on every later start nothing is drawn or loaded.
      if ((await db.settings.get(flagKey(STARTER_FLAG)))?.value === true) return null;
      const card = starterCard();
      const [{ defaultPortrait }, { toBlob }] = await Promise.all([cardCodecs(), cardFiles()]);
      const image = toBlob(defaultPortrait(card.name), 'image/png');
      return mutate(
        db,
        [db.characters, db.settings],
        async (w) => {
          // The flag is set whatever happens, so a user who deletes every card never sees the starter again.
          if ((await db.settings.get(flagKey(STARTER_FLAG)))?.value === true) return null;
          await w.put(db.settings, { key: flagKey(STARTER_FLAG), value: true, updatedAt: w.at });
          if ((await db.characters.count()) > 0) return null;
          const record: CharacterRecord = {
            id: crypto.randomUUID(),
            card,
            ...indexKeys(card),
            image,
            assets: [],
            origin: 'starter',
            voice: null,
            createdAt: w.at,
            updatedAt: w.at,
            lastChatAt: 0,
          };
          await w.put(db.characters, record);
          return record;
        },
        opts,
      );
    },
  };
}
