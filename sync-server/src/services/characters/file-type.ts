// U1 for card uploads: the type is read from the bytes; a Content-Type or file name that says otherwise is refused.
import type { sniff } from '@companion/core/cards';
import { AppError } from '../../errors.ts';

// core's reader does not export its kind type; the sniffer's result is the same thing.
export type FileKind = NonNullable<ReturnType<typeof sniff>>;
type Declared = FileKind | 'other';

/*
 * Only specific claims count. Browsers send application/octet-stream (or nothing) for .charx and often text/plain
 * for .json, so generic types and unknown extensions say nothing and are never held against a file.
 */
const BY_TYPE: Readonly<Record<string, Declared>> = {
  'image/png': 'png',
  'image/apng': 'png',
  'application/json': 'json',
  'text/json': 'json',
  'application/zip': 'zip',
  'application/x-zip-compressed': 'zip',
  'image/jpeg': 'other',
  'image/webp': 'other',
  'image/gif': 'other',
  'image/avif': 'other',
  'application/pdf': 'other',
  'audio/wav': 'other',
  'audio/mpeg': 'other',
};

const BY_EXTENSION: Readonly<Record<string, Declared>> = {
  png: 'png',
  apng: 'png',
  json: 'json',
  charx: 'zip',
  zip: 'zip',
  jpg: 'other',
  jpeg: 'other',
  webp: 'other',
  gif: 'other',
  avif: 'other',
  pdf: 'other',
  wav: 'other',
  mp3: 'other',
};

const NAMES: Readonly<Record<Declared, string>> = { png: 'PNG', json: 'JSON', zip: 'CHARX (zip)', other: 'another type' };

function fromContentType(contentType: string | undefined): Declared | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? BY_TYPE[type] : undefined;
}

function fromFileName(filename: string | undefined): Declared | undefined {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(filename ?? '');
  return m?.[1] ? BY_EXTENSION[m[1].toLowerCase()] : undefined;
}

/** Throws 415 TYPE_MISMATCH when the part's Content-Type or the file name claims a type the bytes are not. */
export function checkDeclaredType(actual: FileKind, declared: { contentType?: string | undefined; filename?: string | undefined }): void {
  for (const [claim, source] of [
    [fromContentType(declared.contentType), 'Content-Type'],
    [fromFileName(declared.filename), 'file name'],
  ] as const) {
    if (claim !== undefined && claim !== actual) {
      throw new AppError('TYPE_MISMATCH', 415, `The ${source} says ${NAMES[claim]}, but the file is ${NAMES[actual]}.`, {
        detected: actual,
        declared: claim,
      });
    }
  }
}
