// Card files to records and back: core's readers and writers, with errors that tell the user what is wrong.
import {
  type Card,
  CardError,
  type ExportFormat,
  exportCard,
  isPng,
  readPngChunks,
  writePngChunks,
} from '@companion/core/cards';
import { CodedError } from '@companion/core/errors';
import type { CharacterRecord } from './records';

const REASONS: Record<string, string> = {
  NOT_A_CARD: 'is not a character card',
  BROKEN_PNG: 'is a damaged PNG image',
  BROKEN_ZIP: 'is a damaged CHARX (zip) file',
  BAD_BASE64: 'holds card data that is not valid base64',
  BAD_JSON: 'holds card text that is not valid JSON',
  ZIP_BOMB: 'would unpack to far more data than a card can hold',
  TOO_LARGE: 'is too large for a character card',
  UNSAFE_PATH: 'contains a file path that points outside the archive',
  UNSUPPORTED: 'is in a format this app cannot read',
};

/**
 * A failure of core's readers as a CodedError `IMPORT_<code>` naming the file, what is wrong and core's detail
 * (for example which chunk or field). Anything else becomes IMPORT_FAILED.
 */
export function importError(e: unknown, fileName: string, what = 'character card'): CodedError {
  if (e instanceof CodedError) return e;
  if (e instanceof CardError) {
    const reason = REASONS[e.code] ?? 'could not be read';
    return new CodedError(`IMPORT_${e.code}`, `"${fileName}" ${reason} (${e.message}). Nothing was imported.`, {
      details: { fileName, reason: e.message, expected: what },
    });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new CodedError('IMPORT_FAILED', `"${fileName}" could not be imported as a ${what} (${message}).`, { details: { fileName } });
}

const CARD_KEYWORDS = new Set(['chara', 'ccv3']);

function chunkKeyword(type: string, data: Uint8Array): string | undefined {
  if (type !== 'tEXt' && type !== 'zTXt' && type !== 'iTXt') return undefined;
  const nul = data.subarray(0, 80).indexOf(0);
  return nul < 1 ? undefined : String.fromCharCode(...data.subarray(0, nul)).toLowerCase();
}

/**
 * The portrait without its card chunks: the card lives in the record, and a second (soon stale) copy inside the
 * image would double the storage of large cards. Export writes fresh chunks anyway.
 */
export function portraitBytes(image: Uint8Array): Uint8Array {
  if (!isPng(image)) return image;
  const chunks = readPngChunks(image);
  const kept = chunks.filter((c) => !CARD_KEYWORDS.has(chunkKeyword(c.type, c.data) ?? ''));
  return kept.length === chunks.length ? image : writePngChunks(kept);
}

export function imageMime(bytes: Uint8Array): string {
  const b = (i: number): number => bytes[i] ?? -1;
  if (isPng(bytes)) return 'image/png';
  if (b(0) === 0xff && b(1) === 0xd8) return 'image/jpeg';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46) return 'image/gif';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57) return 'image/webp';
  return 'application/octet-stream';
}

export function toBlob(bytes: Uint8Array, type: string): Blob {
  // A copy: the Blob must not alias a buffer the caller may reuse (and TS wants an ArrayBuffer-backed view).
  return new Blob([bytes.slice()], { type });
}

export async function blobBytes(blob: Blob | null): Promise<Uint8Array | undefined> {
  return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined;
}

/** Lowercased copies of the name and tags for the indexes. */
export { indexKeys } from './index-keys';

/** A safe download name: the card's name without characters file systems refuse. */
export function fileBaseName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what file systems refuse
  const cleaned = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100);
  return cleaned === '' || /^\.+$/.test(cleaned) ? 'character' : cleaned;
}

/** The record back as a core Card, with its picture, for the writers. */
export async function recordToCard(rec: CharacterRecord): Promise<Card> {
  const image = await blobBytes(rec.image);
  return {
    source: rec.source ?? { spec: 'chara_card_v3', specVersion: '3.0', container: 'json' },
    data: rec.card,
    extraTop: rec.extraTop ?? {},
    ...(image && { image }),
    files: rec.assets.map((a) => ({ path: a.path, bytes: a.bytes })),
  };
}

export interface ExportedFile {
  bytes: Uint8Array;
  fileName: string;
  mimeType: string;
}

export async function exportRecord(rec: CharacterRecord, format: ExportFormat): Promise<ExportedFile> {
  const out = exportCard(await recordToCard(rec), format);
  return { bytes: out.bytes, fileName: `${fileBaseName(rec.card.name)}.${out.ext}`, mimeType: out.mime };
}
