// Standalone lorebooks (world info files): import V3 lorebooks and SillyTavern world info, edit, global or per chat.
import type { Lorebook } from '@companion/core/cards';
import { CodedError } from '@companion/core/errors';
import { appDb, type AppDatabase } from './app-db';
import { mutate } from './outbox';
import type { LorebookRecord, LorebookScope } from './records';

export interface NewLorebook {
  name: string;
  book: Lorebook;
  scope?: LorebookScope;
  enabled?: boolean;
}

export type LorebookPatch = Partial<Pick<LorebookRecord, 'name' | 'book' | 'scope' | 'enabled'>>;

export interface LorebookStore {
  /** By name. */
  list(): Promise<LorebookRecord[]>;
  get(id: string): Promise<LorebookRecord | undefined>;
  /** A lorebook_v3 file, SillyTavern world info or a bare character_book; imported as a chat-bound book. */
  importFile(bytes: Uint8Array, fileName: string): Promise<{ lorebook: LorebookRecord; warnings: string[] }>;
  add(lorebook: NewLorebook): Promise<LorebookRecord>;
  update(id: string, patch: LorebookPatch): Promise<LorebookRecord>;
  /** Chats that named it simply stop finding it (readers skip unknown lorebook ids). */
  remove(id: string): Promise<void>;
}

export const LOREBOOK_NAME_MAX = 120;

function cleanName(name: string): string {
  const t = name.replace(/\s+/g, ' ').trim();
  if (t === '') throw new CodedError('LOREBOOK_BAD_NAME', 'Give the lorebook a name.', { recoverable: true });
  return t.slice(0, LOREBOOK_NAME_MAX);
}

/** The book's own name, else the file name without its extension. */
function nameFor(book: Lorebook, fileName: string): string {
  const own = book.name?.trim();
  if (own) return own;
  const base = fileName.replace(/\.[^.]*$/, '').trim();
  return base === '' ? 'Lorebook' : base;
}

export function createLorebookStore(db: AppDatabase = appDb(), now: () => number = Date.now): LorebookStore {
  const opts = { now };
  const add = (l: NewLorebook): Promise<LorebookRecord> =>
    mutate(
      db,
      [db.lorebooks],
      async (w) => {
        const record: LorebookRecord = {
          id: crypto.randomUUID(),
          name: cleanName(l.name),
          book: l.book,
          // Chat-bound unless said otherwise: a global book changes every chat, which the user should choose.
          scope: l.scope ?? 'chat',
          enabled: l.enabled ?? true,
          createdAt: w.at,
          updatedAt: w.at,
        };
        await w.put(db.lorebooks, record);
        return record;
      },
      opts,
    );

  return {
    list: () => db.lorebooks.orderBy('name').toArray(),
    get: (id) => db.lorebooks.get(id),
    add,
    async importFile(bytes, fileName) {
      let parsed;
      try {
        // Core's readers load on first import, not with the app shell.
        parsed = (await import('@companion/core/cards')).readLorebook(bytes);
      } catch (e) {
        throw (await import('./card-files')).importError(e, fileName, 'lorebook');
      }
      const lorebook = await add({ name: nameFor(parsed.book, fileName), book: parsed.book });
      return { lorebook, warnings: parsed.warnings };
    },
    update: (id, patch) =>
      mutate(
        db,
        [db.lorebooks],
        async (w) => {
          const current = await db.lorebooks.get(id);
          if (!current) throw new CodedError('LOREBOOK_NOT_FOUND', 'That lorebook is no longer on this device.', { details: { id } });
          const next: LorebookRecord = {
            ...current,
            ...(patch.name !== undefined && { name: cleanName(patch.name) }),
            ...(patch.book !== undefined && { book: patch.book }),
            ...(patch.scope !== undefined && { scope: patch.scope }),
            ...(patch.enabled !== undefined && { enabled: patch.enabled }),
            updatedAt: w.at,
          };
          await w.put(db.lorebooks, next);
          return next;
        },
        opts,
      ),
    remove: (id) => mutate(db, [db.lorebooks], (w) => w.delete(db.lorebooks, id), opts),
  };
}
