// SillyTavern world-info JSON to the lorebook model: its entry fields move into `extensions`, as ST itself does.
import { CardError } from './errors';
import { defined, extraOf, isObject, type ParseContext, readOptNumber, readString, readStrings } from './fields';
import type { JsonObject, LoreEntry, Lorebook } from './types';

/** ST world-info entry field → key under the entry's `extensions` (ST's own character-book naming). */
const ST_TO_EXTENSION: Readonly<Record<string, string>> = {
  position: 'position',
  excludeRecursion: 'exclude_recursion',
  preventRecursion: 'prevent_recursion',
  delayUntilRecursion: 'delay_until_recursion',
  displayIndex: 'display_index',
  probability: 'probability',
  useProbability: 'useProbability',
  depth: 'depth',
  selectiveLogic: 'selectiveLogic',
  group: 'group',
  groupOverride: 'group_override',
  groupWeight: 'group_weight',
  useGroupScoring: 'use_group_scoring',
  scanDepth: 'scan_depth',
  matchWholeWords: 'match_whole_words',
  caseSensitive: 'case_sensitive',
  automationId: 'automation_id',
  role: 'role',
  vectorized: 'vectorized',
  sticky: 'sticky',
  cooldown: 'cooldown',
  delay: 'delay',
  outletName: 'outlet_name',
};
const MAPPED = new Set(['uid', 'key', 'keysecondary', 'comment', 'content', 'constant', 'selective', 'order', 'disable', 'extensions']);

export function isWorldInfo(raw: unknown): raw is JsonObject {
  return isObject(raw) && isObject(raw.entries) && !('spec' in raw);
}

function entryFromSt(raw: JsonObject, ctx: ParseContext, key: string): LoreEntry {
  const extensions: JsonObject = isObject(raw.extensions) ? { ...raw.extensions } : {};
  for (const [k, v] of Object.entries(extraOf(raw, MAPPED))) {
    Object.defineProperty(extensions, ST_TO_EXTENSION[k] ?? k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  const caseSensitive = raw.caseSensitive;
  const position = typeof raw.position === 'number' ? raw.position : 0;
  return defined<LoreEntry>({
    id: typeof raw.uid === 'number' || typeof raw.uid === 'string' ? raw.uid : key,
    keys: readStrings(raw.key, ctx, `entries.${key}.key`),
    secondary_keys: readStrings(raw.keysecondary, ctx, `entries.${key}.keysecondary`),
    comment: readString(raw.comment, ctx, `entries.${key}.comment`),
    content: readString(raw.content, ctx, `entries.${key}.content`),
    constant: raw.constant === true,
    selective: raw.selective === true,
    insertion_order: readOptNumber(raw.order, ctx, `entries.${key}.order`) ?? 100,
    enabled: raw.disable !== true,
    position: position === 0 ? 'before_char' : 'after_char',
    case_sensitive: typeof caseSensitive === 'boolean' ? caseSensitive : undefined,
    extensions,
    extra: {},
  });
}

/** Reads an ST world-info file (`{entries: {uid: entry}}`); its other top-level keys go to the book's extensions. */
export function bookFromWorldInfo(raw: unknown, ctx: ParseContext): Lorebook {
  if (!isWorldInfo(raw)) throw new CardError('NOT_A_CARD', 'not a SillyTavern world-info file');
  const entries = Object.entries(raw.entries as JsonObject)
    .filter(([, e]) => isObject(e))
    .map(([k, e]) => entryFromSt(e as JsonObject, ctx, k));
  const rest = extraOf(raw, new Set(['entries', 'name', 'description']));
  return defined<Lorebook>({
    name: typeof raw.name === 'string' ? raw.name : undefined,
    description: typeof raw.description === 'string' ? raw.description : undefined,
    extensions: rest,
    entries,
    extra: {},
  });
}
