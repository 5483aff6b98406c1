// Characters in the database (migration 0003_characters): card rows, their picture and packed files, the active one.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/index.ts';

/*
 * Pictures and CHARX files live in the database (base64 in a text column), not on disk under DATA_DIR:
 * - a card and its files are written in one transaction, so a crash never leaves a row without its files or
 *   orphan files without a row, and deleting a user or a character removes them by ON DELETE CASCADE;
 * - several server processes on one PostgreSQL see the same files, with no shared disk to set up, and one
 *   database backup holds everything;
 * - paths inside a CHARX are only ever data here, never file-system paths, so no traversal is possible (U4).
 * Base64 text because the migrations use only portable column types (no blob/bytea split between dialects); the
 * 33% overhead is bounded by UPLOAD_LIMIT_BYTES. List and detail queries never select the data column.
 */

export interface CharactersTable {
  id: string;
  user_id: string;
  name: string;
  name_key: string;
  /** "\n"-framed lower-cased tags ("\nfantasy\nelf\n") so one LIKE finds an exact tag on both dialects. */
  tags_key: string;
  /** JSON array of the tags as written. */
  tags: string;
  source_spec: string;
  source_version: string;
  source_container: string;
  /** The card as a V3 JSON object (unknown fields and extensions included). */
  card_json: string;
  created_at: number;
  updated_at: number;
}

export interface CharacterFilesTable {
  id: string;
  character_id: string;
  user_id: string;
  kind: 'image' | 'file';
  path: string;
  position: number;
  size: number;
  data: string;
}

export interface ActiveCharactersTable {
  user_id: string;
  character_id: string;
  updated_at: number;
}

type Tables = { characters: CharactersTable; character_files: CharacterFilesTable; active_characters: ActiveCharactersTable };

export interface CharacterInput {
  name: string;
  tags: string[];
  source: { spec: string; specVersion: string; container: string };
  cardJson: string;
  image?: Uint8Array | undefined;
  files: { path: string; bytes: Uint8Array }[];
}

export interface CharacterRow {
  id: string;
  name: string;
  tags: string[];
  source: { spec: string; specVersion: string; container: string };
  cardJson: string;
  createdAt: number;
  updatedAt: number;
}

export interface CharacterSummary {
  id: string;
  name: string;
  tags: string[];
  spec: string;
  hasImage: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface FileInfo {
  kind: 'image' | 'file';
  path: string;
  size: number;
}

export interface ListQuery {
  limit: number;
  /** Opaque position from the previous page's nextCursor. */
  after?: { nameKey: string; id: string } | undefined;
  /** Substring of the name, any case. */
  q?: string | undefined;
  /** One exact tag, any case. */
  tag?: string | undefined;
}

// PostgreSQL text cannot hold NUL; the indexed copies drop it (the card JSON keeps it, escaped as \u0000).
const dbText = (s: string): string => s.replaceAll('\u0000', '');
const nameKey = (name: string): string => dbText(name).toLowerCase();
const tagKey = (tag: string): string => dbText(tag).toLowerCase().replace(/\n/g, ' ');
export const tagsKey = (tags: readonly string[]): string => `\n${tags.map(tagKey).join('\n')}\n`;

// LIKE treats % and _ as wildcards; a search for "50%" must match the text "50%" only.
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const like = (column: 'name_key' | 'tags_key', pattern: string) => sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;

const toB64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const fromB64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

function parseTags(text: string): string[] {
  const v = JSON.parse(text) as unknown;
  return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
}

function toRow(r: CharactersTable): CharacterRow {
  return {
    id: r.id,
    name: r.name,
    tags: parseTags(r.tags),
    source: { spec: r.source_spec, specVersion: r.source_version, container: r.source_container },
    cardJson: r.card_json,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function createCharacterStore(database: Kysely<Database>) {
  // The tables belong to this module; the storage module's Database type need not know them.
  const db = database.withTables<Tables>();

  async function owned(userId: string, id: string): Promise<boolean> {
    const row = await db.selectFrom('characters').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return row !== undefined;
  }

  return {
    /** What the user keeps now, for the quotas: characters, and bytes of card JSON plus pictures and packed files. */
    async usage(userId: string): Promise<{ count: number; bytes: number }> {
      const cards = await db
        .selectFrom('characters')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum(eb.fn('length', ['card_json'])).as('json')])
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const files = await db.selectFrom('character_files').select((eb) => eb.fn.sum('size').as('bytes')).where('user_id', '=', userId).executeTakeFirst();
      return { count: Number(cards?.n ?? 0), bytes: Number(cards?.json ?? 0) + Number(files?.bytes ?? 0) };
    },

    /** Always a new row with a new id: importing a name that exists never touches the other card. */
    async create(userId: string, input: CharacterInput, now: number): Promise<string> {
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('characters')
          .values({
            id,
            user_id: userId,
            name: dbText(input.name),
            name_key: nameKey(input.name),
            tags_key: tagsKey(input.tags),
            tags: JSON.stringify(input.tags),
            source_spec: input.source.spec,
            source_version: input.source.specVersion,
            source_container: input.source.container,
            card_json: input.cardJson,
            created_at: now,
            updated_at: now,
          })
          .execute();
        const blobs = [
          ...(input.image ? [{ kind: 'image' as const, path: '', bytes: input.image }] : []),
          ...input.files.map((f) => ({ kind: 'file' as const, path: f.path, bytes: f.bytes })),
        ];
        for (const [position, b] of blobs.entries()) {
          await trx
            .insertInto('character_files')
            .values({ id: randomUUID(), character_id: id, user_id: userId, kind: b.kind, path: dbText(b.path), position, size: b.bytes.byteLength, data: toB64(b.bytes) })
            .execute();
        }
      });
      return id;
    },

    async get(userId: string, id: string): Promise<CharacterRow | undefined> {
      const row = await db.selectFrom('characters').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return row && toRow(row);
    },

    async fileInfo(userId: string, id: string): Promise<FileInfo[]> {
      return db
        .selectFrom('character_files')
        .select(['kind', 'path', 'size'])
        .where('character_id', '=', id)
        .where('user_id', '=', userId)
        .orderBy('position')
        .execute();
    },

    async blobs(userId: string, id: string): Promise<{ image?: Uint8Array; files: { path: string; bytes: Uint8Array }[] }> {
      const rows = await db
        .selectFrom('character_files')
        .select(['kind', 'path', 'data'])
        .where('character_id', '=', id)
        .where('user_id', '=', userId)
        .orderBy('position')
        .execute();
      const image = rows.find((r) => r.kind === 'image');
      const files = rows.filter((r) => r.kind === 'file').map((r) => ({ path: r.path, bytes: fromB64(r.data) }));
      return image ? { image: fromB64(image.data), files } : { files };
    },

    async image(userId: string, id: string): Promise<Uint8Array | undefined> {
      const row = await db
        .selectFrom('character_files')
        .select('data')
        .where('character_id', '=', id)
        .where('user_id', '=', userId)
        .where('kind', '=', 'image')
        .executeTakeFirst();
      return row && fromB64(row.data);
    },

    /** Replaces the card data; the picture and packed files stay. False when the user has no such character. */
    async update(userId: string, id: string, input: Pick<CharacterInput, 'name' | 'tags' | 'cardJson'>, now: number): Promise<boolean> {
      const result = await db
        .updateTable('characters')
        .set({ name: dbText(input.name), name_key: nameKey(input.name), tags: JSON.stringify(input.tags), tags_key: tagsKey(input.tags), card_json: input.cardJson, updated_at: now })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async remove(userId: string, id: string): Promise<boolean> {
      const result = await db.deleteFrom('characters').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Ordered by lower-cased name, then id; keyset pagination so pages stay stable while cards are added. */
    async list(userId: string, query: ListQuery): Promise<{ items: CharacterSummary[]; next?: { nameKey: string; id: string } }> {
      let q = db
        .selectFrom('characters')
        .select((eb) => [
          'id',
          'name',
          'name_key',
          'tags',
          'source_spec',
          'created_at',
          'updated_at',
          eb
            .exists(eb.selectFrom('character_files').select('id').whereRef('character_files.character_id', '=', 'characters.id').where('kind', '=', 'image'))
            .as('has_image'),
        ])
        .where('user_id', '=', userId);
      if (query.q) q = q.where(like('name_key', `%${likeEscape(nameKey(query.q))}%`));
      if (query.tag) q = q.where(like('tags_key', `%\n${likeEscape(tagKey(query.tag))}\n%`));
      const after = query.after;
      if (after) q = q.where((eb) => eb.or([eb('name_key', '>', after.nameKey), eb.and([eb('name_key', '=', after.nameKey), eb('id', '>', after.id)])]));
      const rows = await q.orderBy('name_key').orderBy('id').limit(query.limit + 1).execute();
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const items = page.map((r) => ({
        id: r.id,
        name: r.name,
        tags: parseTags(r.tags),
        spec: r.source_spec,
        // SQLite answers 0/1, PostgreSQL true/false.
        hasImage: Boolean(Number(r.has_image)),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }));
      return rows.length > query.limit && last ? { items, next: { nameKey: last.name_key, id: last.id } } : { items };
    },

    async setActive(userId: string, id: string, now: number): Promise<boolean> {
      if (!(await owned(userId, id))) return false;
      try {
        await db
          .insertInto('active_characters')
          .values({ user_id: userId, character_id: id, updated_at: now })
          .onConflict((oc) => oc.column('user_id').doUpdateSet({ character_id: id, updated_at: now }))
          .execute();
      } catch (error) {
        // Deleted between the check and the insert: the foreign key refused it, and "no such character" is the truth.
        if (!(await owned(userId, id))) return false;
        throw error;
      }
      return true;
    },

    async active(userId: string): Promise<string | undefined> {
      const row = await db.selectFrom('active_characters').select('character_id').where('user_id', '=', userId).executeTakeFirst();
      return row?.character_id;
    },
  };
}

export type CharacterStore = ReturnType<typeof createCharacterStore>;
