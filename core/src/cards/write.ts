// Writes cards as V2/V3 JSON, as PNG with both `chara` (V2) and `ccv3` (V3) chunks, and as CHARX; lorebooks as lorebook_v3.
import { bookToObject } from './book';
import { encodeBase64, toUtf8 } from './bytes';
import { toV2Object, toV3Object } from './card-json';
import { isPng, readPngChunks, textChunk, textChunkKeyword, writePngChunks } from './png';
import { defaultPortrait } from './portrait';
import type { Card, Lorebook } from './types';
import { writeZip, type ZipEntry } from './zip';

export type JsonFlavour = 'v2' | 'v3';

export function writeCardJson(card: Card, flavour: JsonFlavour = 'v3'): string {
  return JSON.stringify(flavour === 'v2' ? toV2Object(card) : toV3Object(card));
}

const CARD_KEYWORDS = new Set(['chara', 'ccv3']);

/** Embeds the card into `image` (default: the card's own picture if it is a PNG, else a drawn portrait), replacing old card chunks. */
export function writeCardPng(card: Card, image?: Uint8Array): Uint8Array {
  // A picture that is not a PNG (a WebP or JPEG icon from a CHARX) cannot carry the chunks: draw one instead.
  const picked = image ?? card.image;
  const base = picked && isPng(picked) ? picked : defaultPortrait(card.data.name);
  const chunks = readPngChunks(base).filter((c) => !CARD_KEYWORDS.has(textChunkKeyword(c)?.toLowerCase() ?? ''));
  const iend = chunks.length - 1;
  chunks.splice(
    iend,
    0,
    textChunk('chara', encodeBase64(toUtf8(writeCardJson(card, 'v2')))),
    textChunk('ccv3', encodeBase64(toUtf8(writeCardJson(card, 'v3')))),
  );
  return writePngChunks(chunks);
}

/** The picture without card chunks: a CHARX icon should not carry a stale copy of the card. */
function pictureOnly(image: Uint8Array): Uint8Array {
  if (!isPng(image)) return image;
  return writePngChunks(readPngChunks(image).filter((c) => !CARD_KEYWORDS.has(textChunkKeyword(c)?.toLowerCase() ?? '')));
}

const MAIN_ICON = 'assets/icon/images/main.png';

/** CHARX: card.json (V3) plus every packed file; a picture with no icon asset becomes the main icon. */
export function writeCharx(card: Card): Uint8Array {
  let out = card;
  const hasIcon = card.data.assets?.some((a) => a.type === 'icon' && a.uri.startsWith('embeded://'));
  const files = [...card.files];
  if (card.image && !hasIcon && !files.some((f) => f.path === MAIN_ICON)) {
    files.push({ path: MAIN_ICON, bytes: pictureOnly(card.image) });
    const icon = { type: 'icon', uri: `embeded://${MAIN_ICON}`, name: 'main', ext: 'png', extra: {} };
    out = { ...card, data: { ...card.data, assets: [...(card.data.assets ?? []), icon] } };
  }
  const entries: ZipEntry[] = [{ path: 'card.json', bytes: toUtf8(writeCardJson(out, 'v3')) }, ...files];
  return writeZip(entries);
}

export function writeLorebookJson(book: Lorebook): string {
  return JSON.stringify({ spec: 'lorebook_v3', data: bookToObject(book, 'v3') });
}

export type ExportFormat = 'png' | 'json' | 'charx';

/** One call for the export route: bytes, content type and file extension of a card in the asked format. */
export function exportCard(card: Card, format: ExportFormat): { bytes: Uint8Array; mime: string; ext: string } {
  if (format === 'png') return { bytes: writeCardPng(card), mime: 'image/png', ext: 'png' };
  if (format === 'charx') return { bytes: writeCharx(card), mime: 'application/zip', ext: 'charx' };
  return { bytes: toUtf8(writeCardJson(card, 'v3')), mime: 'application/json', ext: 'json' };
}
