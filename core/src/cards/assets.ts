// V3 asset URIs (embeded://, ccdefault:, https://, data:) resolved against a card, and the app's own namespaced data.
import { decodeBase64, toUtf8 } from './bytes';
import { CardError } from './errors';
import { isObject } from './fields';
import { APP_EXTENSION_KEY, type AssetRef, type Card, type JsonObject } from './types';
import { safeZipPath } from './zip';

export type ResolvedAsset =
  | { kind: 'bytes'; bytes: Uint8Array; mime?: string }
  | { kind: 'url'; url: string }
  | { kind: 'default' }
  | { kind: 'missing'; reason: string };

const MAX_DATA_URI = 16 * 1024 * 1024;

function fromDataUri(uri: string): ResolvedAsset {
  if (uri.length > MAX_DATA_URI) throw new CardError('TOO_LARGE', 'data: URI is too large');
  const comma = uri.indexOf(',');
  if (comma < 0) return { kind: 'missing', reason: 'data: URI without a comma' };
  const meta = uri.slice(5, comma);
  const body = uri.slice(comma + 1);
  const mime = meta.split(';')[0] || undefined;
  if (meta.endsWith(';base64')) return { kind: 'bytes', bytes: decodeBase64(body), mime };
  try {
    return { kind: 'bytes', bytes: toUtf8(decodeURIComponent(body)), mime };
  } catch {
    return { kind: 'missing', reason: 'data: URI is not valid percent-encoding' };
  }
}

/** What an asset's uri points at. `embeded://` (sic, as the spec spells it) reads the card's packed files. */
export function resolveAsset(card: Card, asset: AssetRef): ResolvedAsset {
  const uri = asset.uri.trim();
  if (uri.startsWith('embeded://') || uri.startsWith('embedded://')) {
    let path: string;
    try {
      path = safeZipPath(uri.slice(uri.indexOf('://') + 3));
    } catch (e) {
      return { kind: 'missing', reason: (e as Error).message };
    }
    const file = card.files.find((f) => f.path === path);
    return file ? { kind: 'bytes', bytes: file.bytes } : { kind: 'missing', reason: `no packed file ${path}` };
  }
  if (uri === 'ccdefault:' || uri === '') return card.image ? { kind: 'bytes', bytes: card.image } : { kind: 'default' };
  if (/^https?:\/\//i.test(uri)) return { kind: 'url', url: uri };
  if (uri.startsWith('data:')) return fromDataUri(uri);
  return { kind: 'missing', reason: `unsupported asset uri ${uri.slice(0, 40)}` };
}

/** The app's own data on a card (`extensions.companion`), if any. */
export function getAppData(card: Card): JsonObject | undefined {
  const v = card.data.extensions[APP_EXTENSION_KEY];
  return isObject(v) ? v : undefined;
}

/** A copy of the card with the app's data set; every other extensions key is left as it was. */
export function withAppData(card: Card, value: JsonObject): Card {
  const extensions = { ...card.data.extensions, [APP_EXTENSION_KEY]: value };
  return { ...card, data: { ...card.data, extensions } };
}

/*
 * A character's voice (`extensions.companion.voice`). The card holds a reference: the voice id on the server that
 * wrote it, the engine and a display name. A CHARX export also packs the voice's bytes (and the sample it was
 * cloned from, so another device can clone again with another model) as V3 assets: the spec asks for an `x_`
 * prefix on app-specific asset types and for `assets/{type}/{ai|audio}/` paths, so other apps keep the files
 * through their own import and export without knowing what they are.
 */

/** The app's voice setting on a card. */
export interface CardVoice {
  /** `xtts` for a cloned voice, `espeak-ng` for a built-in one. */
  engine: string;
  /** The voice id where the card was saved: `clone:<id>` (that user's clone) or a built-in id such as `en-us`. */
  voice: string;
  name: string;
  /** A clone's language (XTTS speaks it). */
  language?: string;
  /** Only in a CHARX: `embeded://` URI of the packed voice bytes (core/speech/xtts voice format). */
  asset?: string;
  /** Only in a CHARX: `embeded://` URI of the packed reference sample (WAV or MP3). */
  sample?: string;
}

export const VOICE_ASSET_TYPE = 'x_companion_voice';
/** File extension of packed XTTS voice bytes. */
export const VOICE_ASSET_EXT = 'xttsvoice';
const VOICE_DIR = `assets/${VOICE_ASSET_TYPE}/`;
const EMBEDDED = 'embeded://';

const text = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);

/** The card's voice reference, or undefined when it has none or the stored value is not a usable reference. */
export function getCardVoice(card: Card): CardVoice | undefined {
  const v = getAppData(card)?.voice;
  if (!isObject(v)) return undefined;
  const engine = text(v.engine, 40);
  const voice = text(v.voice, 200);
  if (!engine || !voice) return undefined;
  const out: CardVoice = { engine, voice, name: text(v.name, 200) ?? voice };
  const language = text(v.language, 20);
  const asset = text(v.asset, 500);
  const sample = text(v.sample, 500);
  return { ...out, ...(language ? { language } : {}), ...(asset ? { asset } : {}), ...(sample ? { sample } : {}) };
}

/** A copy of the card with its voice set (or removed, with undefined); other app data and extensions stay. */
export function withCardVoice(card: Card, voice: CardVoice | undefined): Card {
  const { voice: _old, ...rest } = getAppData(card) ?? {};
  return withAppData(card, voice ? { ...rest, voice: { ...voice } } : rest);
}

/** The voice's packed files: the XTTS voice bytes and the reference sample, either or both. */
export interface PackedVoice {
  voice?: Uint8Array;
  sample?: { bytes: Uint8Array; ext: 'wav' | 'mp3' };
}

const isVoiceAsset = (a: AssetRef) => a.type === VOICE_ASSET_TYPE;

/** The card without packed voice files and their asset entries (the reference in extensions is left as it is). */
function withoutVoiceFiles(card: Card): Card {
  const referenced = new Set((card.data.assets ?? []).filter(isVoiceAsset).map((a) => a.uri.slice(a.uri.indexOf('://') + 3)));
  const files = card.files.filter((f) => !f.path.startsWith(VOICE_DIR) && !referenced.has(f.path));
  const data = { ...card.data };
  if (card.data.assets) {
    const assets = card.data.assets.filter((a) => !isVoiceAsset(a));
    if (assets.length > 0) data.assets = assets;
    else delete data.assets;
  }
  return { ...card, data, files };
}

/** A file-name stem from a voice name: ASCII letters, digits, dash and underscore only. */
function stem(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'voice';
}

/**
 * A copy of the card with `ref` as its voice and `packed` as CHARX assets under `assets/x_companion_voice/`,
 * referenced both from the V3 `assets` list and from the voice reference. Voice files packed before are replaced.
 */
export function packCardVoice(card: Card, ref: CardVoice, packed: PackedVoice): Card {
  const base = withoutVoiceFiles(card);
  const { asset: _a, sample: _s, ...plain } = ref;
  const voice: CardVoice = { ...plain };
  const files = [...base.files];
  const assets = [...(base.data.assets ?? [])];
  const add = (path: string, bytes: Uint8Array, name: string, ext: string): string => {
    files.push({ path, bytes });
    assets.push({ type: VOICE_ASSET_TYPE, uri: `${EMBEDDED}${path}`, name, ext, extra: {} });
    return `${EMBEDDED}${path}`;
  };
  const file = stem(ref.name);
  if (packed.voice) voice.asset = add(`${VOICE_DIR}ai/${file}.${VOICE_ASSET_EXT}`, packed.voice, 'voice', VOICE_ASSET_EXT);
  if (packed.sample) voice.sample = add(`${VOICE_DIR}audio/${file}.${packed.sample.ext}`, packed.sample.bytes, 'sample', packed.sample.ext);
  return withCardVoice({ ...base, files, data: { ...base.data, ...(assets.length > 0 ? { assets } : {}) } }, voice);
}

export interface UnpackedVoice {
  /** The card with the packed voice files and their asset entries removed; its voice reference is unchanged. */
  card: Card;
  /** The reference, without the packed-file URIs. */
  voice?: CardVoice;
  /** The packed bytes the reference points at. */
  packed: { voice?: Uint8Array; sample?: Uint8Array };
  /** Reasons a referenced file could not be read (a URI that is not embeded://, or no such packed file). */
  missing: string[];
}

/** The voice a card carries and the bytes packed for it (the inverse of packCardVoice). */
export function unpackCardVoice(card: Card): UnpackedVoice {
  const ref = getCardVoice(card);
  const stripped = withoutVoiceFiles(card);
  if (!ref) return { card: stripped, packed: {}, missing: [] };
  const { asset, sample, ...voice } = ref;
  const packed: UnpackedVoice['packed'] = {};
  const missing: string[] = [];
  const read = (uri: string, what: string): Uint8Array | undefined => {
    if (!uri.startsWith(EMBEDDED)) {
      missing.push(`the voice ${what} is not a packed file (${uri.slice(0, 60)})`);
      return undefined;
    }
    const r = resolveAsset(card, { type: VOICE_ASSET_TYPE, uri, name: what, ext: '', extra: {} });
    if (r.kind === 'bytes') return r.bytes;
    missing.push(`the voice ${what} is missing: ${r.kind === 'missing' ? r.reason : r.kind}`);
    return undefined;
  };
  if (asset) {
    const bytes = read(asset, 'file');
    if (bytes) packed.voice = bytes;
  }
  if (sample) {
    const bytes = read(sample, 'sample');
    if (bytes) packed.sample = bytes;
  }
  return { card: stripped, voice, packed, missing };
}
