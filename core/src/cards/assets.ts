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
