// Reads any card or lorebook file: the type comes from the bytes (PNG signature, zip, JSON), never the name.
import { parseBook } from './book';
import { decodeBase64, utf8 } from './bytes';
import { cardFromObject } from './card-json';
import { CardError } from './errors';
import { isObject, type ParseContext } from './fields';
import { ByteBudget, type ReadLimits, resolveLimits } from './limits';
import { decodeTextChunk, isPng, readPngChunks, textChunkKeyword } from './png';
import type { Card, CardContainer, Lorebook } from './types';
import { bookFromWorldInfo, isWorldInfo } from './world-info';
import { isZip, readZip } from './zip';

export interface ReadOptions {
  limits?: Partial<ReadLimits>;
  /** Pass one to see how much a read allocated (the fuzz tests do). */
  budget?: ByteBudget;
}

export interface CardImport {
  kind: 'card';
  card: Card;
  warnings: string[];
}

export interface LorebookImport {
  kind: 'lorebook';
  book: Lorebook;
  format: 'lorebook_v3' | 'world_info' | 'character_book';
  warnings: string[];
}

export type FileKind = 'png' | 'zip' | 'json';

export function sniff(bytes: Uint8Array): FileKind | undefined {
  if (isPng(bytes)) return 'png';
  if (isZip(bytes)) return 'zip';
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 32 || bytes[i] === 9 || bytes[i] === 10 || bytes[i] === 13)) i++;
  return bytes[i] === 0x7b ? 'json' : undefined;
}

/** Deeper JSON parses, but would later overflow the stack when exported or stored; real cards nest a few levels. */
export const MAX_JSON_DEPTH = 64;

function assertDepth(root: unknown): void {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_JSON_DEPTH) throw new CardError('BAD_JSON', `JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
    for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}

export function parseJsonText(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    throw new CardError('BAD_JSON', `invalid JSON: ${(e as Error).message.slice(0, 120)}`);
  }
  assertDepth(value);
  return value;
}

/** A PNG text payload: base64 of UTF-8 JSON, or (from some tools) the JSON itself. */
function decodePayload(text: string, budget: ByteBudget): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return parseJsonText(trimmed);
  return parseJsonText(utf8(decodeBase64(text, budget)));
}

function readPngCard(bytes: Uint8Array, limits: ReadLimits, budget: ByteBudget, ctx: ParseContext): Card {
  const chunks = readPngChunks(bytes, limits);
  const find = (kw: string) => chunks.find((c) => textChunkKeyword(c)?.toLowerCase() === kw);
  const tryRead = (kw: string): Card | undefined => {
    const chunk = find(kw);
    const text = chunk && decodeTextChunk(chunk, limits, budget);
    if (!text) return undefined;
    if (text.text.length > limits.maxTextBytes * 2) throw new CardError('TOO_LARGE', 'card text is too large');
    return cardFromObject(decodePayload(text.text, budget), 'png', ctx);
  };
  let card: Card | undefined;
  try {
    card = tryRead('ccv3');
  } catch (e) {
    // V3 wins, but a broken ccv3 beside a readable chara should still import.
    if (!(e instanceof CardError) || !find('chara')) throw e;
    ctx.warnings.push(`the ccv3 chunk could not be read (${e.code}); used the chara chunk`);
  }
  card ??= tryRead('chara');
  if (!card) throw new CardError('NOT_A_CARD', 'the PNG has no chara or ccv3 text chunk');
  card.image = bytes;
  return card;
}

function readCharx(bytes: Uint8Array, limits: ReadLimits, budget: ByteBudget, ctx: ParseContext): Card {
  const entries = readZip(bytes, { limits, budget });
  const json = entries.find((e) => e.path === 'card.json');
  if (!json) throw new CardError('NOT_A_CARD', 'the zip has no card.json at its root');
  const card = cardFromObject(parseJsonText(utf8(json.bytes)), 'charx', ctx);
  card.files = entries.filter((e) => e !== json).map((e) => ({ path: e.path, bytes: e.bytes }));
  const icon = card.data.assets?.find((a) => a.type === 'icon' && a.uri.startsWith('embeded://'));
  const iconPath = icon?.uri.slice('embeded://'.length);
  card.image = card.files.find((f) => f.path === iconPath)?.bytes;
  return card;
}

function checkSize(bytes: Uint8Array, limits: ReadLimits): void {
  if (bytes.length > limits.maxInputBytes) throw new CardError('TOO_LARGE', `file is over ${limits.maxInputBytes} bytes`);
}

/** Reads a character card from PNG/APNG, CHARX or JSON bytes. */
export function readCard(bytes: Uint8Array, opts: ReadOptions = {}): CardImport {
  const limits = resolveLimits(opts.limits);
  checkSize(bytes, limits);
  const budget = opts.budget ?? new ByteBudget(bytes.length, limits);
  const ctx: ParseContext = { warnings: [] };
  const kind = sniff(bytes);
  let card: Card;
  if (kind === 'png') card = readPngCard(bytes, limits, budget, ctx);
  else if (kind === 'zip') card = readCharx(bytes, limits, budget, ctx);
  else if (kind === 'json') card = cardFromObject(parseJsonText(utf8(bytes)), 'json', ctx);
  else throw new CardError('UNSUPPORTED', 'not a PNG, CHARX zip or JSON file');
  return { kind: 'card', card, warnings: ctx.warnings };
}

export function readCardJson(text: string, container: CardContainer = 'json'): CardImport {
  const ctx: ParseContext = { warnings: [] };
  return { kind: 'card', card: cardFromObject(parseJsonText(text), container, ctx), warnings: ctx.warnings };
}

/** Reads a lorebook_v3 file, a SillyTavern world-info file or a bare character_book object. */
export function readLorebook(bytes: Uint8Array, opts: ReadOptions = {}): LorebookImport {
  const limits = resolveLimits(opts.limits);
  checkSize(bytes, limits);
  if (sniff(bytes) !== 'json') throw new CardError('UNSUPPORTED', 'lorebooks are JSON files');
  const raw = parseJsonText(utf8(bytes));
  const ctx: ParseContext = { warnings: [] };
  if (isObject(raw) && raw.spec === 'lorebook_v3') {
    if (!isObject(raw.data)) throw new CardError('NOT_A_CARD', 'lorebook_v3 without a data object');
    return { kind: 'lorebook', book: parseBook(raw.data, ctx), format: 'lorebook_v3', warnings: ctx.warnings };
  }
  if (isWorldInfo(raw)) return { kind: 'lorebook', book: bookFromWorldInfo(raw, ctx), format: 'world_info', warnings: ctx.warnings };
  if (isObject(raw) && Array.isArray(raw.entries) && !('spec' in raw)) {
    return { kind: 'lorebook', book: parseBook(raw, ctx), format: 'character_book', warnings: ctx.warnings };
  }
  throw new CardError('NOT_A_CARD', 'not a lorebook file');
}

/** Reads a card, or a lorebook when the file is one. */
export function readAny(bytes: Uint8Array, opts: ReadOptions = {}): CardImport | LorebookImport {
  try {
    return readCard(bytes, opts);
  } catch (e) {
    if (e instanceof CardError && e.code === 'NOT_A_CARD' && sniff(bytes) === 'json') return readLorebook(bytes, opts);
    throw e;
  }
}
