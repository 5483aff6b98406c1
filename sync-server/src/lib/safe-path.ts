// The one path helper for every file operation: joins untrusted segments under a root or refuses (U4).
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AppError } from '../errors.ts';

const refuse = (reason: string) => new AppError('PATH_REFUSED', 400, 'That path is not allowed.', { reason });

// Decoding happens before the check, so "%2e%2e" and "%2f" cannot sneak a traversal past it.
function decodeFully(segment: string): string {
  let current = segment;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      throw refuse('malformed percent-encoding');
    }
    if (next === current) return current;
    current = next;
  }
  // Still changing after three rounds: nobody legitimate encodes a name that deep.
  throw refuse('nested percent-encoding');
}

/**
 * Resolves `segments` (relative, possibly percent-encoded, from a URL or a client) under `root` and returns an
 * absolute path inside root. Refuses with AppError 400 PATH_REFUSED: NUL bytes, control characters,
 * backslashes, absolute segments or drive letters, `..` anywhere, and anything that would land outside root.
 * Segments may contain `/` to pass a sub-path; empty and `.` parts are ignored.
 */
export function resolveUnder(root: string, ...segments: string[]): string {
  if (!isAbsolute(root)) throw new Error(`resolveUnder: root must be absolute, got ${root}`);
  return joinUnder(resolve(root), normalizeSegments(segments));
}

/**
 * The decoded, normalised parts of `segments` (the checks of resolveUnder): every later check on names
 * (dot-files, `.part`) must look at these, not at the raw URL, or `x.part%2f` and `x.par%2574` slip past.
 */
export function normalizeSegments(segments: readonly string[]): string[] {
  const parts: string[] = [];
  for (const raw of segments) {
    if (typeof raw !== 'string') throw refuse('not a string');
    const decoded = decodeFully(raw);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
    if (/[\u0000-\u001f\u007f]/.test(decoded)) throw refuse('control character');
    if (decoded.includes('\\')) throw refuse('backslash');
    if (decoded.startsWith('/') || /^[a-zA-Z]:/.test(decoded)) throw refuse('absolute path');
    for (const part of decoded.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') throw refuse('parent directory');
      // Trailing dots and spaces are stripped by Windows, turning "... " into "..".
      if (/^[. ]+$/.test(part)) throw refuse('dots-only name');
      parts.push(part.normalize('NFC'));
    }
  }
  return parts;
}

function joinUnder(base: string, parts: readonly string[]): string {
  const target = resolve(base, ...parts);
  const rel = relative(base, target);
  if (rel.startsWith('..') || isAbsolute(rel) || (rel !== '' && !target.startsWith(base.endsWith(sep) ? base : base + sep))) {
    throw refuse('outside root');
  }
  return target;
}

/** Like resolveUnder but answers undefined instead of throwing, for lookups where "refused" means "not found". */
export function tryResolveUnder(root: string, ...segments: string[]): string | undefined {
  try {
    return resolveUnder(root, ...segments);
  } catch (err) {
    if (err instanceof AppError) return undefined;
    throw err;
  }
}

/**
 * resolveUnder, then follows symlinks: a link inside root that points outside it is refused too.
 * The file must exist (realpath needs it); a missing file throws the usual ENOENT.
 */
export async function realpathUnder(root: string, ...segments: string[]): Promise<string> {
  const lexical = resolveUnder(root, ...segments);
  const [realRoot, realTarget] = await Promise.all([realpath(resolve(root)), realpath(lexical)]);
  if (realTarget !== realRoot && !realTarget.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
    throw refuse('symlink outside root');
  }
  return realTarget;
}

/** A part that names a hidden file or folder (`.git`, `.env`, `.catalog`): never served to anyone. */
export const isDotSegment = (part: string): boolean => part.startsWith('.');

/**
 * resolveUnder for files served to the network (the model store, the web app): also refuses any path with a
 * dot segment after decoding and normalising, so `.git/config`, `%2eenv` or `a/%2e%2fcatalog` stay private.
 */
export function resolvePublicUnder(root: string, ...segments: string[]): string {
  if (!isAbsolute(root)) throw new Error(`resolvePublicUnder: root must be absolute, got ${root}`);
  const parts = normalizeSegments(segments);
  if (parts.some(isDotSegment)) throw refuse('hidden file');
  return joinUnder(resolve(root), parts);
}

/**
 * resolvePublicUnder, then follows symlinks like realpathUnder; a link whose target is a hidden file or lies in a
 * hidden folder (`weights -> .git/config`) is refused too.
 */
export async function realpathPublicUnder(root: string, ...segments: string[]): Promise<string> {
  const lexical = resolvePublicUnder(root, ...segments);
  const [realRoot, real] = await Promise.all([realpath(resolve(root)), realpath(lexical)]);
  const rel = relative(realRoot, real);
  if (rel.startsWith('..') || isAbsolute(rel)) throw refuse('symlink outside root');
  if (rel.split(sep).some(isDotSegment)) throw refuse('hidden file');
  return real;
}
