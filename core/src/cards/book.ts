// Lorebook (character_book / lorebook_v3 data) objects to the model and back, keeping unknown keys.
import { stripDecorators } from '../lorebook/decorators';
import {
  defined,
  extraOf,
  isObject,
  type ParseContext,
  readObject,
  readOptBool,
  readOptNumber,
  readOptString,
  readString,
  readStrings,
} from './fields';
import type { EntryPosition, JsonObject, LoreEntry, Lorebook } from './types';

const ENTRY_KEYS = new Set([
  'keys', 'content', 'extensions', 'enabled', 'insertion_order', 'case_sensitive', 'use_regex', 'constant',
  'selective', 'secondary_keys', 'name', 'priority', 'id', 'comment', 'position',
]);
const BOOK_KEYS = new Set(['name', 'description', 'scan_depth', 'token_budget', 'recursive_scanning', 'extensions', 'entries']);

function readPosition(v: unknown, ctx: ParseContext): EntryPosition | undefined {
  if (v === 'before_char' || v === 'after_char' || v === '') return v;
  if (typeof v === 'number') return v === 0 ? 'before_char' : 'after_char';
  if (v !== undefined && v !== null) ctx.warnings.push(`entry position ${JSON.stringify(v)} unknown; ignored`);
  return undefined;
}

function readId(v: unknown): number | string | undefined {
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}

export function parseEntry(raw: unknown, ctx: ParseContext, index: number): LoreEntry {
  const r = isObject(raw) ? raw : {};
  const f = `entries[${index}]`;
  return defined<LoreEntry>({
    keys: readStrings(r.keys, ctx, `${f}.keys`),
    content: readString(r.content, ctx, `${f}.content`),
    extensions: readObject(r.extensions, ctx, `${f}.extensions`),
    enabled: readOptBool(r.enabled, ctx, `${f}.enabled`) ?? true,
    insertion_order: readOptNumber(r.insertion_order, ctx, `${f}.insertion_order`) ?? 0,
    case_sensitive: readOptBool(r.case_sensitive, ctx, `${f}.case_sensitive`),
    use_regex: readOptBool(r.use_regex, ctx, `${f}.use_regex`),
    constant: readOptBool(r.constant, ctx, `${f}.constant`),
    selective: readOptBool(r.selective, ctx, `${f}.selective`),
    secondary_keys: r.secondary_keys == null ? undefined : readStrings(r.secondary_keys, ctx, `${f}.secondary_keys`),
    name: readOptString(r.name, ctx, `${f}.name`),
    priority: readOptNumber(r.priority, ctx, `${f}.priority`),
    id: readId(r.id),
    comment: readOptString(r.comment, ctx, `${f}.comment`),
    position: readPosition(r.position, ctx),
    extra: extraOf(r, ENTRY_KEYS),
  });
}

export function parseBook(raw: unknown, ctx: ParseContext): Lorebook {
  const r = isObject(raw) ? raw : {};
  const entries = Array.isArray(r.entries) ? (r.entries as unknown[]) : [];
  if (r.entries !== undefined && !Array.isArray(r.entries)) ctx.warnings.push('lorebook entries was not a list; ignored');
  return defined<Lorebook>({
    name: readOptString(r.name, ctx, 'book.name'),
    description: readOptString(r.description, ctx, 'book.description'),
    scan_depth: readOptNumber(r.scan_depth, ctx, 'book.scan_depth'),
    token_budget: readOptNumber(r.token_budget, ctx, 'book.token_budget'),
    recursive_scanning: readOptBool(r.recursive_scanning, ctx, 'book.recursive_scanning'),
    extensions: readObject(r.extensions, ctx, 'book.extensions'),
    entries: entries.map((e, i) => parseEntry(e, ctx, i)),
    extra: extraOf(r, BOOK_KEYS),
  });
}

export type BookFlavour = 'v2' | 'v3';

export function entryToObject(e: LoreEntry, flavour: BookFlavour): JsonObject {
  const { extra, ...known } = e;
  const out: JsonObject = { ...extra, ...defined(known) };
  if (flavour === 'v2') {
    // A V2 copy has no use_regex and no decorators (the doc: they are removed when writing a V2 copy).
    delete out.use_regex;
    out.content = stripDecorators(e.content);
  }
  return out;
}

export function bookToObject(b: Lorebook, flavour: BookFlavour): JsonObject {
  const { extra, entries, ...known } = b;
  return { ...extra, ...defined(known), entries: entries.map((e) => entryToObject(e, flavour)) };
}
