// Property: whatever the spelling (encodings, `.`, `..`, slashes), a path the public resolver accepts has no hidden
// segment under the root, and the `.part` check sees the same decoded names the disk does.
import { relative, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { isPartial } from '../routes/model-store/index.ts';
import { normalizeSegments, resolvePublicUnder } from './safe-path.ts';

const ROOT = '/srv/companion/models';
const piece = fc.constantFrom('.', '..', '/', '%2e', '%2E', '%2f', '%2F', '%252e', '%252f', '.git', 'config', '.env', 'x', '.part', 'par', '%74', '%2574', 't', 'PART', ' ', '%20');
const segment = fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((p) => p.join(''));

function attempt(segments: string[]): string | AppError {
  try {
    return resolvePublicUnder(ROOT, ...segments);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

describe('resolvePublicUnder (property)', () => {
  it('accepts only paths without a dot segment under the root, refusing with PATH_REFUSED', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 3 }), (segments) => {
        const r = attempt(segments);
        if (r instanceof AppError) {
          expect([r.code, r.status]).toEqual(['PATH_REFUSED', 400]);
          return;
        }
        const rel = relative(ROOT, r);
        expect(rel.startsWith('..')).toBe(false);
        expect(rel.split(sep).some((p) => p.startsWith('.'))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('sees `.part` in every spelling that reaches a `.part` file on disk', () => {
    fc.assert(
      fc.property(fc.constantFrom('x.part', 'x.PART', 'x.par%74', 'x.par%2574'), fc.constantFrom('', '/', '/.', '%2f', '%2F.', '//', '/./'), (name, tail) => {
        expect(normalizeSegments([name + tail]).some(isPartial)).toBe(true);
      }),
    );
  });
});
