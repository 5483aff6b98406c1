// The library's paged list: sorted from an index, searched over index keys only, so 8,000 cards never load whole.
import type { AppDatabase } from './app-db';
import type { CharacterRecord } from './records';

export type CharacterSort = 'lastChat' | 'name' | 'created';

export interface CharacterQuery {
  /** Matches part of the name or of a tag, case-insensitively. */
  search?: string;
  sort: CharacterSort;
  offset: number;
  limit: number;
}

export interface Page<T> {
  items: T[];
  /** How many match in all (for the scroll height and "n characters"). */
  total: number;
}

function sorted(db: AppDatabase, sort: CharacterSort) {
  if (sort === 'name') return db.characters.orderBy('nameKey');
  if (sort === 'created') return db.characters.orderBy('createdAt').reverse();
  return db.characters.orderBy('lastChatAt').reverse();
}

/**
 * Ids whose name or a tag contains `q`. Reads (index key, primary key) pairs with key cursors: strings only, never
 * the cards, whose values (descriptions, lorebooks) are what make a big library heavy.
 */
async function matchingIds(db: AppDatabase, q: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const index of ['nameKey', 'tagKeys'] as const) {
    const keys = await db.characters.orderBy(index).keys();
    const primary = await db.characters.orderBy(index).primaryKeys();
    keys.forEach((k, i) => {
      const id = primary[i];
      if (id !== undefined && typeof k === 'string' && k.includes(q)) ids.add(id);
    });
  }
  return ids;
}

export async function listCharacters(db: AppDatabase, query: CharacterQuery): Promise<Page<CharacterRecord>> {
  const offset = Math.max(0, Math.floor(query.offset));
  const limit = Math.max(0, Math.floor(query.limit));
  const q = query.search?.trim().toLowerCase() ?? '';
  return db.transaction('r', db.characters, async () => {
    if (q === '') {
      const total = await db.characters.count();
      const items = limit === 0 ? [] : await sorted(db, query.sort).offset(offset).limit(limit).toArray();
      return { items, total };
    }
    const ids = await matchingIds(db, q);
    // The sort order as ids only, filtered to the matches; only the page's records are then read.
    const order = (await sorted(db, query.sort).primaryKeys()).filter((id) => ids.has(id));
    const page = order.slice(offset, offset + limit);
    const items = (await db.characters.bulkGet(page)).filter((c): c is CharacterRecord => c !== undefined);
    return { items, total: order.length };
  });
}
