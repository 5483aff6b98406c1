// Password hashing with scrypt (memory-hard), in a self-describing string so the cost can be raised later.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost: N = 2^ln, block size r, parallelism p. Memory used is about 128 * N * r bytes (32 MiB here). */
export interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

/** OWASP's scrypt baseline (N=2^15, r=8, p=1) at the time of writing. */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = { ln: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Bounds on parameters read back from a stored hash, so a corrupted row cannot make one login eat the machine. */
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;
// Exact salt and key lengths (16 and 32 bytes): a truncated key would otherwise be compared on fewer bytes.
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  return new Promise((resolve, reject) => {
    // Node's default maxmem (32 MiB) is exactly what N=2^15,r=8 needs and is refused; allow twice the need.
    scrypt(
      normalize(password),
      salt,
      keyLength,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r * params.p },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** The same password typed on different devices can arrive in different Unicode forms; hash one form. */
const normalize = (password: string) => password.normalize('NFC');

/** `$scrypt$ln=15,r=8,p=1$<salt>$<key>` (PHC string format, base64 without padding). */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  if (!withinLimits(params)) throw new Error('scrypt parameters out of range');
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): ParsedHash | null {
  const m = FORMAT.exec(stored);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (!withinLimits(params)) return null;
  return { params, salt: Buffer.from(m[4] ?? '', 'base64'), key: Buffer.from(m[5] ?? '', 'base64') };
}

/** True when the password matches; compares in constant time. A malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params, KEY_BYTES);
  return timingSafeEqual(key, parsed.key);
}

/** True when the stored hash is weaker than `params` (or unreadable), so a successful login should re-hash it. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  const p = parsed.params;
  return p.ln < params.ln || p.r < params.r || p.p < params.p;
}

function withinLimits(params: ScryptParams): boolean {
  return (Object.keys(LIMITS) as Array<keyof ScryptParams>).every((k) => {
    const v = params[k];
    return Number.isInteger(v) && v >= LIMITS[k][0] && v <= LIMITS[k][1];
  });
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
