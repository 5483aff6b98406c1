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
  const base = resolve(root);
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
