// Bar A1: every malformed, forged, expired or misdirected access token gets 401 with the same body, never a 5xx.
import { createHmac, randomBytes } from 'node:crypto';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from './index';
import { asUser, createAuthTestApp, type TestUser } from './testing';

type TestApp = Awaited<ReturnType<typeof createAuthTestApp>>;
let t: TestApp;
let alice: TestUser;
/** Alice's real claims, from which every forged token is varied in exactly one way. */
let base: JWTPayload;

beforeAll(async () => {
  t = await createAuthTestApp();
  alice = await asUser(t.app);
  base = decodeJwt(alice.accessToken);
});
afterAll(() => t.dispose());

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(t.clock.now() / 1000);
const secret = () => new TextEncoder().encode(t.jwtSecret);

/** Signs like the server does (HS256, typ at+jwt, current claims), with overrides; undefined removes a claim. */
async function forge(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  key: Parameters<SignJWT['sign']>[0] = secret(),
) {
  const payload = Object.fromEntries(
    Object.entries({ ...base, iat: now(), exp: now() + 600, ...claims }).filter(([, v]) => v !== undefined),
  );
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', ...header } as { alg: string })
    .sign(key);
}

/** HS256 by hand, for headers jose refuses to produce (crit with an unknown extension). */
function signRaw(header: Record<string, unknown>, claims: Record<string, unknown>) {
  const input = `${b64(header)}.${b64({ ...base, iat: now(), exp: now() + 600, ...claims })}`;
  return `${input}.${createHmac('sha256', secret()).update(input).digest('base64url')}`;
}

const call = (authorization?: string) =>
  t.app.request('/api/test/whoami', authorization === undefined ? {} : { headers: { authorization } });

async function expect401(authorization: string | undefined) {
  const res = await call(authorization);
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({
    error: { code: 'UNAUTHORIZED', message: expect.any(String), requestId: expect.any(String) },
  });
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
}

describe('control: the baseline the forgeries vary', () => {
  it('accepts the issued token and a re-signed copy of its claims', async () => {
    expect((await call(`Bearer ${alice.accessToken}`)).status).toBe(200);
    const res = await call(`Bearer ${await forge()}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: alice.user });
  });

  it('accepts the lowercase scheme name "bearer" (auth schemes are case-insensitive, RFC 9110 §11.1)', async () => {
    expect((await call(`bearer ${alice.accessToken}`)).status).toBe(200);
  });
});

describe('A1 token table: 401, never 5xx', () => {
  const cases: Array<[string, () => Promise<string | undefined>]> = [
    ['no Authorization header', async () => undefined],
    ['empty Authorization header', async () => ''],
    ['scheme only', async () => 'Bearer'],
    ['scheme and a space', async () => 'Bearer '],
    ['Basic scheme', async () => `Basic ${Buffer.from('alice:password').toString('base64')}`],
    ['Token scheme with a valid token', async () => `Token ${alice.accessToken}`],
    ['DPoP scheme with a valid token', async () => `DPoP ${alice.accessToken}`],
    ['valid token without a scheme', async () => alice.accessToken],
    ['two spaces after Bearer', async () => `Bearer  ${alice.accessToken}`],
    ['trailing garbage after the token', async () => `Bearer ${alice.accessToken} extra`],
    ['alg none, empty signature', async () => `Bearer ${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(base)}.`],
    [
      'alg none with a signature',
      async () => `Bearer ${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(base)}.${alice.accessToken.split('.')[2]}`,
    ],
    ['alg None', async () => `Bearer ${b64({ alg: 'None', typ: 'at+jwt' })}.${b64(base)}.`],
    ['alg NONE', async () => `Bearer ${b64({ alg: 'NONE', typ: 'at+jwt' })}.${b64(base)}.`],
    ['signed with another key', async () => `Bearer ${await forge({}, {}, randomBytes(32))}`],
    ['HS512 with the right key', async () => `Bearer ${await forge({}, { alg: 'HS512' })}`],
    ['HS384 with the right key', async () => `Bearer ${await forge({}, { alg: 'HS384' })}`],
    [
      'RS256 with a generated key',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return `Bearer ${await forge({}, { alg: 'RS256' }, privateKey)}`;
      },
    ],
    [
      'RS256 with the attacker key embedded as jwk',
      async () => {
        const { privateKey, publicKey } = await generateKeyPair('RS256');
        return `Bearer ${await forge({}, { alg: 'RS256', jwk: await exportJWK(publicKey) }, privateKey)}`;
      },
    ],
    ['jku header (right key)', async () => `Bearer ${await forge({}, { jku: 'https://attacker.example/jwks.json' })}`],
    ['jwk header (right key)', async () => `Bearer ${await forge({}, { jwk: { kty: 'oct', k: 'AAAA' } })}`],
    ['x5u header (right key)', async () => `Bearer ${await forge({}, { x5u: 'https://attacker.example/cert.pem' })}`],
    ['x5c header (right key)', async () => `Bearer ${await forge({}, { x5c: ['MIIB'] })}`],
    ['kid header (right key)', async () => `Bearer ${await forge({}, { kid: '../../etc/passwd' })}`],
    [
      'crit header (right key)',
      async () => `Bearer ${signRaw({ alg: 'HS256', typ: 'at+jwt', crit: ['exp2'], exp2: 1 }, {})}`,
    ],
    [
      'b64 false header (right key)',
      async () => `Bearer ${signRaw({ alg: 'HS256', typ: 'at+jwt', b64: false, crit: ['b64'] }, {})}`,
    ],
    ['expired 31 s ago', async () => `Bearer ${await forge({ iat: now() - 631, exp: now() - 31 })}`],
    ['nbf 60 s in the future', async () => `Bearer ${await forge({ nbf: now() + 60 })}`],
    ['iat 60 s in the future', async () => `Bearer ${await forge({ iat: now() + 60, exp: now() + 660 })}`],
    ['lifetime over 15 minutes', async () => `Bearer ${await forge({ exp: now() + 16 * 60 })}`],
    ['missing exp', async () => `Bearer ${await forge({ exp: undefined })}`],
    ['missing iat', async () => `Bearer ${await forge({ iat: undefined })}`],
    ['missing sub', async () => `Bearer ${await forge({ sub: undefined })}`],
    ['missing jti', async () => `Bearer ${await forge({ jti: undefined })}`],
    ['missing sid', async () => `Bearer ${await forge({ sid: undefined })}`],
    ['wrong issuer', async () => `Bearer ${await forge({ iss: 'https://attacker.example' })}`],
    ['missing issuer', async () => `Bearer ${await forge({ iss: undefined })}`],
    ['wrong audience', async () => `Bearer ${await forge({ aud: 'another-api' })}`],
    ['missing audience', async () => `Bearer ${await forge({ aud: undefined })}`],
    ['typ JWT instead of at+jwt', async () => `Bearer ${await forge({}, { typ: 'JWT' })}`],
    ['typ refresh+jwt', async () => `Bearer ${await forge({}, { typ: 'refresh+jwt' })}`],
    ['no typ', async () => `Bearer ${await forge({}, { typ: undefined })}`],
    ['a refresh token used as an access token', async () => `Bearer ${alice.refreshToken}`],
    [
      'sub of a user that does not exist',
      async () => `Bearer ${await forge({ sub: '00000000-0000-4000-8000-000000000000' })}`,
    ],
    [
      'session id that does not exist',
      async () => `Bearer ${await forge({ sid: '00000000-0000-4000-8000-000000000000' })}`,
    ],
    ['token version from the future', async () => `Bearer ${await forge({ ver: 7 })}`],
    ['claims of the wrong type', async () => `Bearer ${await forge({ sub: 12345 })}`],
    [
      'tampered payload (signature of the original)',
      async () => {
        const [head, , sig] = alice.accessToken.split('.');
        return `Bearer ${head}.${b64({ ...base, jti: 'tampered' })}.${sig}`;
      },
    ],
    [
      'tampered signature',
      async () => {
        const [head, body, sig = ''] = alice.accessToken.split('.');
        // Flip the first character: the last one carries unused bits and might decode to the same bytes.
        return `Bearer ${head}.${body}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
      },
    ],
    ['signature removed', async () => `Bearer ${alice.accessToken.split('.').slice(0, 2).join('.')}.`],
    ['two segments', async () => `Bearer ${alice.accessToken.split('.').slice(0, 2).join('.')}`],
    ['four segments', async () => `Bearer ${alice.accessToken}.${alice.accessToken.split('.')[2]}`],
    ['non-base64url characters', async () => `Bearer ${alice.accessToken.replace(/-|_/g, '+')}x/y=`],
    [
      'header that is not JSON',
      async () => `Bearer ${b64('not json')}.${alice.accessToken.split('.').slice(1).join('.')}`,
    ],
    [
      'payload that is not JSON',
      async () => `Bearer ${alice.accessToken.split('.')[0]}.${b64('[1,2')}.${alice.accessToken.split('.')[2]}`,
    ],
    ['over 8 KB (otherwise valid)', async () => `Bearer ${await forge({ pad: 'x'.repeat(8 * 1024) })}`],
    ['over 8 KB of junk', async () => `Bearer ${'a'.repeat(20_000)}`],
  ];

  it.each(cases)('%s', async (_name, make) => {
    await expect401(await make());
  });

  it('signRaw makes tokens the server accepts, so the crit and b64 cases fail on their headers alone', async () => {
    expect((await call(`Bearer ${signRaw({ alg: 'HS256', typ: 'at+jwt' }, {})}`)).status).toBe(200);
  });

  it('the over-8-KB token would be valid but for its size', async () => {
    // Proves the size check, not the signature, is what refuses it.
    const token = await forge({ pad: 'x'.repeat(5 * 1024) });
    expect((await call(`Bearer ${token}`)).status).toBe(200);
  });
});

describe('A1 clock tolerance (ManualClock)', () => {
  it('accepts a token 29 s past exp and refuses it 31 s past', async () => {
    const token = alice.accessToken;
    const exp = base.exp ?? 0;
    const start = t.clock.now();
    try {
      t.clock.set(exp * 1000 + 29_000);
      expect((await call(`Bearer ${token}`)).status).toBe(200);
      t.clock.set(exp * 1000 + 31_000);
      await expect401(`Bearer ${token}`);
    } finally {
      t.clock.set(start);
    }
  });

  it('accepts nbf within the tolerance', async () => {
    expect((await call(`Bearer ${await forge({ nbf: now() + 20 })}`)).status).toBe(200);
  });
});

describe('A1 pinned settings', () => {
  it('issues HS256 at+jwt tokens with iss, aud, sub, jti, iat, exp and nothing risky in the header', () => {
    const [head = ''] = alice.accessToken.split('.');
    expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    expect(base).toMatchObject({ iss: DEFAULT_ISSUER, aud: DEFAULT_AUDIENCE, sub: alice.user.id });
    expect(typeof base.jti).toBe('string');
    expect(typeof base.iat).toBe('number');
    expect(typeof base.exp).toBe('number');
  });
});
