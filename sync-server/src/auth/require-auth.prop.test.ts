// Property: no Authorization header, however mangled, gets anything but 401 (or 200 for the untouched token).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, createAuthTestApp, type TestUser } from './testing';

let t: Awaited<ReturnType<typeof createAuthTestApp>>;
let alice: TestUser;
beforeAll(async () => {
  t = await createAuthTestApp();
  alice = await asUser(t.app);
});
afterAll(() => t.dispose());

const status = async (authorization: string) =>
  (await t.app.request('/api/test/whoami', { headers: { authorization } })).status;

describe('requireAuth under random input', () => {
  it('random header values are refused with 401', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary-ascii' }),
          fc.base64String().map((s) => `Bearer ${s}`),
        ),
        async (value) => {
          // Header values cannot hold CR, LF or NUL; the Fetch API refuses those before our code sees them.
          fc.pre(!/[\r\n\0]/.test(value) && value.trim() === value);
          expect(await status(value)).toBe(401);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a valid token with any one character changed, added or removed is refused', async () => {
    const token = alice.accessToken;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...alphabet),
        fc.constantFrom('replace', 'insert', 'delete'),
        async (at, ch, op) => {
          const mutated =
            op === 'replace'
              ? token.slice(0, at) + ch + token.slice(at + 1)
              : op === 'insert'
                ? token.slice(0, at) + ch + token.slice(at)
                : token.slice(0, at) + token.slice(at + 1);
          // The last character of a segment carries unused bits, so a few edits there decode to the same bytes: the
          // same token, which may be accepted or refused. Anything that decodes to other bytes must be refused.
          const got = await status(`Bearer ${mutated}`);
          if (decodes(mutated) === decodes(token)) expect([200, 401]).toContain(got);
          else expect(got).toBe(401);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** The bytes a compact JWS stands for, or null when it is not one. */
function decodes(token: string): string | null {
  const parts = token.split('.');
  // A length of 4n+1 is not base64 at all, though Buffer.from would quietly drop the last character.
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p) || p.length % 4 === 1)) return null;
  return parts.map((p) => Buffer.from(p, 'base64url').toString('hex')).join('.');
}
