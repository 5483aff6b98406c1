// A4: scrypt hashes with their parameters inside, verified in constant time; weak or broken hashes are handled.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, verifyPassword } from './passwords';

// Cheaper parameters where a test only checks logic, not cost; the default cost is exercised at least once.
const FAST = { ln: 10, r: 8, p: 1 };

describe('passwords', () => {
  it('hashes with scrypt at the default cost and verifies', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(hash).not.toContain('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password', FAST), hashPassword('same password', FAST)]);
    expect(a).not.toBe(b);
  });

  it('matches the same password in another Unicode normal form', async () => {
    const composed = 'caf\u00e9-password';
    const decomposed = 'cafe\u0301-password';
    expect(await verifyPassword(decomposed, await hashPassword(composed, FAST))).toBe(true);
  });

  it('asks for a re-hash when the stored cost is below the current one', async () => {
    const weak = await hashPassword('password123', FAST);
    expect(await verifyPassword('password123', weak)).toBe(true);
    expect(needsRehash(weak, DEFAULT_SCRYPT_PARAMS)).toBe(true);
    expect(needsRehash(weak, FAST)).toBe(false);
  });

  it('never matches a malformed or out-of-range stored hash', async () => {
    const good = await hashPassword('password123', FAST);
    for (const stored of [
      '',
      'password123',
      good.replace('ln=10', 'ln=30'),
      good.replace('$scrypt$', '$argon2id$'),
      good.slice(0, -5),
    ]) {
      expect(await verifyPassword('password123', stored)).toBe(false);
      expect(needsRehash(stored)).toBe(true);
    }
  });

  it('refuses to hash with parameters outside the safe range', async () => {
    await expect(hashPassword('password123', { ln: 4, r: 8, p: 1 })).rejects.toThrow();
  });
});
