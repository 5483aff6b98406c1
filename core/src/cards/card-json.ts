// V1/V2/V3 card objects to the one model and back; newer spec versions import with a warning.
import { bookToObject, parseBook } from './book';
import { CardError } from './errors';
import {
  defined,
  extraOf,
  isObject,
  type ParseContext,
  readObject,
  readOptDate,
  readOptString,
  readString,
  readStrings,
} from './fields';
import {
  type AssetRef,
  type Card,
  type CardContainer,
  type CardData,
  type CardSpec,
  CURRENT_V2_VERSION,
  CURRENT_V3_VERSION,
  type JsonObject,
} from './types';

const V1_KEYS = ['name', 'description', 'personality', 'scenario', 'first_mes', 'mes_example'] as const;
const V2_KEYS = [
  ...V1_KEYS, 'creator_notes', 'system_prompt', 'post_history_instructions', 'alternate_greetings', 'character_book',
  'tags', 'creator', 'character_version', 'extensions',
] as const;
const V3_ONLY_KEYS = [
  'group_only_greetings', 'nickname', 'creator_notes_multilingual', 'source', 'creation_date', 'modification_date', 'assets',
] as const;
const DATA_KEYS = new Set<string>([...V2_KEYS, ...V3_ONLY_KEYS]);
const TOP_KEYS = new Set(['spec', 'spec_version', 'data']);
const ASSET_KEYS = new Set(['type', 'uri', 'name', 'ext']);

function parseAssets(v: unknown, ctx: ParseContext): AssetRef[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    ctx.warnings.push('assets was not a list; ignored');
    return undefined;
  }
  return (v as unknown[]).filter(isObject).map((a, i) => ({
    type: readString(a.type, ctx, `assets[${i}].type`),
    uri: readString(a.uri, ctx, `assets[${i}].uri`),
    name: readString(a.name, ctx, `assets[${i}].name`),
    ext: readString(a.ext, ctx, `assets[${i}].ext`),
    extra: extraOf(a, ASSET_KEYS),
  }));
}

/** `top` keeps a whole value that is not an object; items are read with `nested`, which keeps nothing by key. */
function parseMultilingual(v: unknown, top: ParseContext, nested: ParseContext): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) {
    readObject(v, top, 'creator_notes_multilingual');
    return undefined;
  }
  return Object.fromEntries(Object.entries(v).map(([k, t]) => [k, readString(t, nested, `creator_notes_multilingual.${k}`)]));
}

export function parseData(r: JsonObject, outer: ParseContext): CardData {
  // Top-level fields a reader cannot hold keep their original value in `extra` (nested book fields do not).
  const ctx: ParseContext = { warnings: outer.warnings, unread: {} };
  const s = (k: string): string => readString(r[k], ctx, k);
  const data = defined<CardData>({
    name: s('name'),
    description: s('description'),
    personality: s('personality'),
    scenario: s('scenario'),
    first_mes: s('first_mes'),
    mes_example: s('mes_example'),
    creator_notes: s('creator_notes'),
    system_prompt: s('system_prompt'),
    post_history_instructions: s('post_history_instructions'),
    alternate_greetings: readStrings(r.alternate_greetings, ctx, 'alternate_greetings'),
    character_book: r.character_book == null ? undefined : parseBook(r.character_book, outer),
    tags: readStrings(r.tags, ctx, 'tags'),
    creator: s('creator'),
    character_version: s('character_version'),
    extensions: readObject(r.extensions, ctx, 'extensions'),
    group_only_greetings: readStrings(r.group_only_greetings, ctx, 'group_only_greetings'),
    nickname: readOptString(r.nickname, ctx, 'nickname'),
    creator_notes_multilingual: parseMultilingual(r.creator_notes_multilingual, ctx, outer),
    source: r.source == null ? undefined : readStrings(r.source, ctx, 'source'),
    creation_date: readOptDate(r.creation_date, ctx, 'creation_date'),
    modification_date: readOptDate(r.modification_date, ctx, 'modification_date'),
    assets: parseAssets(r.assets, outer),
    extra: extraOf(r, DATA_KEYS),
  });
  return { ...data, extra: { ...data.extra, ...ctx.unread } };
}

/** Empty as a reader leaves a field it could not read: then the original kept in `extra` is what gets exported. */
const isPlaceholder = (v: unknown): boolean =>
  v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

/**
 * `extra` under the data object, known fields over it, except that a known field still empty gives way to the
 * original value kept for it (a card tool's format this model cannot hold); an edited field always wins.
 */
function withKept(extra: JsonObject, known: JsonObject): JsonObject {
  const out: JsonObject = { ...extra, ...known };
  for (const [k, v] of Object.entries(extra)) {
    if (DATA_KEYS.has(k) && isPlaceholder(known[k])) out[k] = v;
  }
  return out;
}

function checkVersion(spec: CardSpec, version: unknown, ctx: ParseContext): string {
  const text = version === undefined || version === null ? '' : String(version);
  const current = spec === 'chara_card_v3' ? CURRENT_V3_VERSION : CURRENT_V2_VERSION;
  const n = Number.parseFloat(text);
  if (text === '') ctx.warnings.push(`${spec} without spec_version; read as ${current}`);
  else if (!Number.isFinite(n)) ctx.warnings.push(`spec_version ${JSON.stringify(text)} is not a number; read as ${current}`);
  else if (n > Number.parseFloat(current)) {
    ctx.warnings.push(`${spec} version ${text} is newer than ${current}; fields this app does not know are kept as they are`);
  }
  return text === '' ? current : text;
}

function looksLikeV1(r: JsonObject): boolean {
  return typeof r.name === 'string' && V1_KEYS.some((k) => k !== 'name' && k in r);
}

/** A parsed JSON value to a card. Throws NOT_A_CARD or UNSUPPORTED for anything else. */
export function cardFromObject(raw: unknown, container: CardContainer, ctx: ParseContext): Card {
  if (!isObject(raw)) throw new CardError('NOT_A_CARD', 'the JSON is not an object');
  const spec = raw.spec;
  if (spec === 'chara_card_v2' || spec === 'chara_card_v3') {
    if (!isObject(raw.data)) throw new CardError('NOT_A_CARD', `${spec} without a data object`);
    const specVersion = checkVersion(spec, raw.spec_version, ctx);
    return { source: { spec, specVersion, container }, data: parseData(raw.data, ctx), extraTop: extraOf(raw, TOP_KEYS), files: [] };
  }
  if (typeof spec === 'string') {
    const m = /^chara_card_v(\d+)$/.exec(spec);
    if (m && Number(m[1]) > 3 && isObject(raw.data)) {
      ctx.warnings.push(`${spec} is newer than chara_card_v3; read as V3, unknown fields kept`);
      const specVersion = raw.spec_version == null ? '' : String(raw.spec_version);
      return { source: { spec: 'chara_card_v3', specVersion, container }, data: parseData(raw.data, ctx), extraTop: extraOf(raw, TOP_KEYS), files: [] };
    }
    if (spec === 'lorebook_v3') throw new CardError('NOT_A_CARD', 'this is a lorebook, not a character card');
    throw new CardError('UNSUPPORTED', `unknown card spec ${JSON.stringify(spec).slice(0, 60)}`);
  }
  if (!looksLikeV1(raw)) throw new CardError('NOT_A_CARD', 'no card fields found in the JSON');
  const v1Known = new Set<string>([...V1_KEYS, ...TOP_KEYS]);
  return { source: { spec: 'chara_card_v1', specVersion: '1.0', container }, data: parseData(pickV1(raw), ctx), extraTop: extraOf(raw, v1Known), files: [] };
}

function pickV1(raw: JsonObject): JsonObject {
  return Object.fromEntries(V1_KEYS.filter((k) => k in raw).map((k) => [k, raw[k]]));
}

function assetToObject(a: AssetRef): JsonObject {
  return { ...a.extra, type: a.type, uri: a.uri, name: a.name, ext: a.ext };
}

/** The V3 object of a card: every field, unknown keys included. */
export function toV3Object(card: Card): JsonObject {
  const { extra, character_book, assets, ...known } = card.data;
  const data: JsonObject = withKept(extra, defined(known) as JsonObject);
  if (character_book) data.character_book = bookToObject(character_book, 'v3');
  if (assets) data.assets = assets.map(assetToObject);
  return { spec: 'chara_card_v3', spec_version: CURRENT_V3_VERSION, data, ...card.extraTop };
}

/** The V2 object: V3-only fields and decorators left out, unknown keys kept. */
export function toV2Object(card: Card): JsonObject {
  const d = card.data;
  const v2: JsonObject = {};
  for (const k of V2_KEYS) if (k !== 'character_book') v2[k] = d[k];
  // V3-only originals kept in extra stay out of a V2 file, as the V3-only fields do.
  const v2Extra = Object.fromEntries(Object.entries(d.extra).filter(([k]) => !DATA_KEYS.has(k) || (V2_KEYS as readonly string[]).includes(k)));
  const data: JsonObject = withKept(v2Extra, v2);
  if (d.character_book) data.character_book = bookToObject(d.character_book, 'v2');
  return { spec: 'chara_card_v2', spec_version: CURRENT_V2_VERSION, data, ...card.extraTop };
}
