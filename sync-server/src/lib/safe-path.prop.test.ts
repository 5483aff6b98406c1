// U4: whatever segments come in (traversal, encodings, absolute paths, backslashes, NUL, unicode), the result
// stays under the root or the helper refuses.
import { isAbsolute, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { resolveUnder } from './safe-path.ts';

const ROOT = '/srv/companion/data';

const hostilePiece = fc.constantFrom(
  '..', '.', '/', '\\', '%2e', '%2E', '%2f', '%2F', '%5c', '%00', '\u0000', '%252e', '%25', 'C:', '~', '//', '..%2f',
  '%c0%ae', '\u2025', '\uff0e', '\u3002', 'ａ', 'é', 'e\u0301', '\u202e', ' ', '%', ':',
);
const segment = fc
  .array(fc.oneof(hostilePiece, fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 8 })
  .map((parts) => parts.join(''));

function outcome(segments: string[]): { path: string } | { refused: AppError } {
  try {
    return { path: resolveUnder(ROOT, ...segments) };
  } catch (err) {
    if (err instanceof AppError) return { refused: err };
    throw err;
  }
}

describe('resolveUnder (property)', () => {
  it('never returns a path outside the root, and refuses only with PATH_REFUSED', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), (segments) => {
        const r = outcome(segments);
        if ('refused' in r) {
          expect(r.refused.code).toBe('PATH_REFUSED');
          expect(r.refused.status).toBe(400);
          return;
        }
        const rel = relative(ROOT, r.path);
        expect(isAbsolute(r.path)).toBe(true);
        expect(rel.startsWith('..') || isAbsolute(rel)).toBe(false);
        expect(r.path === ROOT || r.path.startsWith(`${ROOT}/`)).toBe(true);
        expect(r.path).not.toContain('\u0000');
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses every segment list that contains a decoded ".." part', () => {
    const traversal = fc.constantFrom('..', '%2e%2e', '%2E.', '.%2e', '%252e%252e', '..%2F', 'a/../..', 'x/%2e%2e/y');
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { maxLength: 3 }), traversal, fc.nat(3), (safe, bad, at) => {
        const segments = [...safe];
        segments.splice(Math.min(at, segments.length), 0, bad);
        expect('refused' in outcome(segments)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps safe names unchanged, as one file under the root', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,40}$/), (name) => {
        fc.pre(!/^\.+$/.test(name));
        expect(resolveUnder(ROOT, name)).toBe(`${ROOT}/${name}`);
      }),
    );
  });
});
