// Characters for the routes and chat: import from any card file, edit, list, export losslessly, and the active one.
import {
  type Card,
  CardError,
  type CardContainer,
  getCardVoice,
  withCardVoice,
  type CardSpec,
  type JsonObject,
  isPng,
  readCardJson,
  sniff,
  toV3Object,
  writeCardJson,
  writeCardPng,
  writeCharx,
} from '@companion/core/cards';
import { hasControlCharacters } from '@companion/core/schemas';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import { AppError, badRequest, notFound } from '../../errors.ts';
import type { Database } from '../../storage/index.ts';
import { cardErrorToApp, withCardErrors } from './card-errors.ts';
import { type CardReader, createCardThread } from './card-thread.ts';
import { type CharacterQuota, DEFAULT_CHARACTER_QUOTA } from './config.ts';
import { checkDeclaredType } from './file-type.ts';
import { type CharacterInput, type CharacterRow, type CharacterSummary, createCharacterStore } from './store.ts';
import type { CharacterVoices, VoiceImport, VoiceStatus } from './voice.ts';

export type ExportFormat = 'png' | 'json' | 'charx';

export interface CharacterDetail {
  id: string;
  name: string;
  tags: string[];
  source: { spec: string; specVersion: string; container: string };
  /** The card as a V3 object: what PUT takes back and what the JSON export holds. */
  card: JsonObject;
  image: { size: number } | null;
  files: { path: string; size: number }[];
  /** `extensions.companion.voice`, and whether this user can speak it now; null when the character has none. */
  voice: VoiceStatus | null;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface CharacterPage {
  items: CharacterSummary[];
  nextCursor: string | null;
  activeId: string | null;
}

export interface ExportedFile {
  bytes: Uint8Array;
  contentType: string;
  /** ASCII-only, for the plain filename parameter. */
  filename: string;
  /** The character's own name, for filename* (RFC 5987). */
  realName: string;
}

export interface CharacterServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** Largest card file read (UPLOAD_LIMIT_BYTES); the readers' own limits apply below it. */
  maxFileBytes: number;
  /** The character's voice (set, exported, imported); without it voice settings answer 503 and cards keep theirs untouched. */
  voices?: CharacterVoices;
  /** Per-user limits (CHARACTER_MAX_COUNT, CHARACTER_MAX_BYTES); DEFAULT_CHARACTER_QUOTA when absent. */
  quota?: CharacterQuota;
  /** Reads uploaded files; a worker thread (card-thread.ts), started on the first upload, when absent. */
  reader?: CardReader;
}

/** Bytes a character takes in storage: its card JSON, picture and packed files. */
const inputBytes = (input: CharacterInput): number => input.cardJson.length + (input.image?.byteLength ?? 0) + input.files.reduce((n, f) => n + f.bytes.byteLength, 0);

export type ImportedCharacter = CharacterDetail & { warnings: string[]; voiceImport?: VoiceImport };

const missing = () => notFound('No such character');

// Ids are server-made UUIDs; anything else cannot exist, and never reaches the database (PostgreSQL refuses NUL).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function assertId(id: string): void {
  if (!UUID.test(id)) throw missing();
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  png: 'image/png',
  json: 'application/json; charset=utf-8',
  // CHARX has no registered media type; it is a zip, and says so.
  charx: 'application/zip',
};

function encodeCursor(after: { nameKey: string; id: string }): string {
  return Buffer.from(JSON.stringify([after.nameKey, after.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { nameKey: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return { nameKey: v[0], id: v[1] };
  } catch {
    // fall through to the same answer as a well-formed but wrong cursor
  }
  throw badRequest('The cursor is not valid; pass nextCursor from the previous page.', { fields: [{ field: 'query.cursor', message: 'Invalid cursor' }] });
}

/** A file name safe in Content-Disposition: ASCII letters, digits, space, dot, dash and underscore only. */
export function safeFileName(name: string, ext: string): string {
  const base = name.replace(/[^A-Za-z0-9 ._-]+/g, '_').replace(/^[ ._]+|[ ._]+$/g, '').slice(0, 80);
  return `${base || 'character'}.${ext}`;
}

// As deep as core's reader allows; a JSON body already parsed by the route could be far deeper and would
// overflow the stack when stringified for the reader, so it is measured without recursion first.
const MAX_BODY_DEPTH = 64;

/** A card object from a JSON body, read by core's reader like a file's text. */
function readBody(body: unknown): { card: Card; warnings: string[] } {
  return withCardErrors(() => {
    const stack: [unknown, number][] = [[body, 1]];
    while (stack.length > 0) {
      const [v, depth] = stack.pop()!;
      if (typeof v !== 'object' || v === null) continue;
      if (depth > MAX_BODY_DEPTH) throw new CardError('BAD_JSON', `JSON nests deeper than ${MAX_BODY_DEPTH} levels`);
      for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
    return readCardJson(JSON.stringify(body));
  });
}

/** CHARX icons may be any image type; unknown bytes are served as opaque data, never as something a browser runs. */
function imageType(b: Uint8Array): string {
  const at = (i: number, ...bytes: number[]) => bytes.every((v, k) => b[i + k] === v);
  if (isPng(b)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return 'application/octet-stream';
}

function toInput(card: Card): CharacterInput {
  // The name and tags are stored and listed as text identifiers: no control characters (PostgreSQL cannot hold NUL).
  // The rest of the card travels as JSON, where every control character is escaped.
  if (hasControlCharacters(card.data.name) || card.data.tags.some(hasControlCharacters)) {
    throw new AppError('VALIDATION_FAILED', 400, 'The character name and tags must not contain control characters.', {
      fields: [{ field: 'name', message: 'must not contain control characters' }],
    });
  }
  return {
    name: card.data.name,
    tags: card.data.tags,
    source: card.source,
    cardJson: writeCardJson(card, 'v3'),
    image: card.image,
    files: card.files,
  };
}

export function createCharacterService(deps: CharacterServiceDeps) {
  const store = createCharacterStore(deps.db);

  const voices = deps.voices;
  const noVoices = () => new AppError('TTS_UNAVAILABLE', 503, 'Speech is not enabled on this server.');
  const quota = deps.quota ?? DEFAULT_CHARACTER_QUOTA;
  let reader: CardReader | undefined;

  /**
   * Checked before anything is written: 409 past the number of characters, 413 past the bytes. Two uploads racing
   * can both pass; the upload rate limit keeps that overshoot to a few cards.
   */
  async function checkQuota(userId: string, addBytes: number, addCount: number): Promise<void> {
    const used = await store.usage(userId);
    if (addCount > 0 && used.count + addCount > quota.maxCount) {
      throw new AppError('CHARACTER_QUOTA_EXCEEDED', 409, `You have reached the limit of ${quota.maxCount} characters; delete some first.`, { limit: quota.maxCount });
    }
    if (used.bytes + addBytes > quota.maxBytes) {
      throw new AppError(
        'CHARACTER_STORAGE_FULL',
        413,
        `This character needs ${addBytes} bytes and your characters already use ${used.bytes} of the ${quota.maxBytes} allowed; delete some first.`,
        { limit: quota.maxBytes, used: used.bytes },
      );
    }
  }

  async function voiceOf(userId: string, cardJson: string, container: string): Promise<VoiceStatus | null> {
    const ref = getCardVoice(readCardJson(cardJson, container as CardContainer).card);
    if (!ref) return null;
    return voices ? voices.status(userId, ref) : { ...ref, available: false };
  }

  async function detail(userId: string, row: CharacterRow): Promise<CharacterDetail> {
    const files = await store.fileInfo(userId, row.id);
    const image = files.find((f) => f.kind === 'image');
    return {
      id: row.id,
      name: row.name,
      tags: row.tags,
      source: row.source,
      card: JSON.parse(row.cardJson) as JsonObject,
      image: image ? { size: image.size } : null,
      files: files.filter((f) => f.kind === 'file').map((f) => ({ path: f.path, size: f.size })),
      voice: await voiceOf(userId, row.cardJson, row.source.container),
      active: (await store.active(userId)) === row.id,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  /** A new character; a voice packed in the card becomes the user's clone first, and is undone if the save fails. */
  async function save(userId: string, imported: Card, warnings: string[]): Promise<ImportedCharacter> {
    const input = toInput(imported);
    await checkQuota(userId, inputBytes(input), 1);
    const v = voices ? await voices.unpack(userId, imported) : undefined;
    const card = v?.card ?? imported;
    let id: string;
    try {
      id = await store.create(userId, v ? toInput(card) : input, deps.clock.now());
    } catch (error) {
      await v?.rollback();
      throw error;
    }
    const row = await store.get(userId, id);
    if (!row) throw new AppError('INTERNAL', 500, 'The character vanished while it was saved');
    return { ...(await detail(userId, row)), warnings: [...warnings, ...(v?.warnings ?? [])], ...(v?.voiceImport ? { voiceImport: v.voiceImport } : {}) };
  }

  /** The stored card as the one internal model; with `withFiles`, its picture and packed files too. */
  async function loadCard(userId: string, id: string, withFiles = true): Promise<Card> {
    assertId(id);
    const row = await store.get(userId, id);
    if (!row) throw missing();
    const card = readCardJson(row.cardJson, row.source.container as CardContainer).card;
    card.source = { spec: row.source.spec as CardSpec, specVersion: row.source.specVersion, container: row.source.container as CardContainer };
    // Chat and preview need only the text; the picture and packed files can be megabytes.
    if (!withFiles) return card;
    const blobs = await store.blobs(userId, id);
    if (blobs.image) card.image = blobs.image;
    card.files = blobs.files;
    return card;
  }

  return {
    /** POST /api/characters: a V1, V2 or V3 card object. */
    async importObject(userId: string, body: unknown) {
      const { card, warnings } = readBody(body);
      return save(userId, card, warnings);
    },

    /** POST /api/characters/upload: PNG/APNG, CHARX or JSON bytes; the type is read from the bytes (U1). */
    async importFile(userId: string, bytes: Uint8Array, declared: { contentType?: string | undefined; filename?: string | undefined }) {
      if (bytes.byteLength > deps.maxFileBytes) throw new AppError('TOO_LARGE', 413, `The file is larger than ${deps.maxFileBytes} bytes.`);
      const kind = sniff(bytes);
      if (!kind) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'The file is not a PNG, CHARX (zip) or JSON character card.');
      checkDeclaredType(kind, declared);
      // Off the event loop: inflating and decoding a large CHARX would stall every other request.
      reader ??= deps.reader ?? createCardThread();
      const { card, warnings } = await reader.read(bytes, deps.maxFileBytes).catch((error: unknown) => {
        throw error instanceof CardError ? cardErrorToApp(error) : error;
      });
      return save(userId, card, warnings);
    },

    async get(userId: string, id: string): Promise<CharacterDetail> {
      assertId(id);
      const row = await store.get(userId, id);
      if (!row) throw missing();
      return detail(userId, row);
    },

    /** PUT: the card data is replaced by the body (any spec); the picture, packed files and origin stay. */
    async update(userId: string, id: string, body: unknown): Promise<CharacterDetail & { warnings: string[] }> {
      assertId(id);
      const { card, warnings } = readBody(body);
      const input = toInput(card);
      // Only the card JSON is replaced; charging it whole (not the difference) keeps the check one query.
      await checkQuota(userId, input.cardJson.length, 0);
      if (!(await store.update(userId, id, input, deps.clock.now()))) throw missing();
      const row = await store.get(userId, id);
      if (!row) throw missing();
      return { ...(await detail(userId, row)), warnings };
    },

    /** PUT /api/characters/{id}/voice (a voice id) and DELETE (null): stored in the card, so it travels with it. */
    async setVoice(userId: string, id: string, voiceId: string | null): Promise<CharacterDetail> {
      if (!voices) throw noVoices();
      const card = await loadCard(userId, id, false);
      const ref = voiceId === null ? undefined : await voices.reference(userId, voiceId);
      const next = withCardVoice(card, ref);
      if (!(await store.update(userId, id, toInput(next), deps.clock.now()))) throw missing();
      return this.get(userId, id);
    },

    /** The voice chat speaks with when the request names none: the active character's, if it has one. */
    async activeVoice(userId: string) {
      const active = await this.activeCard(userId);
      return active ? getCardVoice(active.card) : undefined;
    },

    async remove(userId: string, id: string): Promise<void> {
      assertId(id);
      if (!(await store.remove(userId, id))) throw missing();
    },

    async list(userId: string, query: { limit: number; cursor?: string | undefined; q?: string | undefined; tag?: string | undefined }): Promise<CharacterPage> {
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      const page = await store.list(userId, { limit: query.limit, after, q: query.q, tag: query.tag });
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null, activeId: (await store.active(userId)) ?? null };
    },

    async activate(userId: string, id: string): Promise<CharacterDetail> {
      assertId(id);
      if (!(await store.setActive(userId, id, deps.clock.now()))) throw missing();
      return this.get(userId, id);
    },

    async export(userId: string, id: string, format: ExportFormat): Promise<ExportedFile> {
      const stored = await loadCard(userId, id);
      // CHARX carries the voice's own bytes; PNG and JSON its reference only (voice id, engine and name).
      const card = voices ? await voices.pack(userId, stored, format === 'charx') : stored;
      // A CHARX icon may be WebP or JPEG; a PNG export needs a PNG to carry the chunks, so it gets the drawn portrait.
      if (format === 'png' && card.image && !isPng(card.image)) delete card.image;
      const bytes = withCardErrors(() => {
        if (format === 'png') return writeCardPng(card);
        if (format === 'charx') return writeCharx(card);
        return new TextEncoder().encode(writeCardJson(card, 'v3'));
      });
      return {
        bytes,
        contentType: CONTENT_TYPES[format],
        filename: safeFileName(card.data.name, format),
        realName: `${card.data.name.slice(0, 100) || 'character'}.${format}`,
      };
    },

    /** The card's own picture with its type read from the bytes; 404 when it has none. */
    async image(userId: string, id: string): Promise<{ bytes: Uint8Array; contentType: string }> {
      assertId(id);
      const bytes = await store.image(userId, id);
      if (!bytes) throw notFound('This character has no picture');
      return { bytes, contentType: imageType(bytes) };
    },

    loadCard,

    /** The user's active character (text only, no picture or files), or undefined when none is set. */
    async activeCard(userId: string): Promise<{ id: string; card: Card } | undefined> {
      const id = await store.active(userId);
      return id ? { id, card: await loadCard(userId, id, false) } : undefined;
    },

    /** The V3 object of a card, for callers that hold a Card. */
    toObject: (card: Card): JsonObject => toV3Object(card),
  };
}

export type CharacterService = ReturnType<typeof createCharacterService>;
