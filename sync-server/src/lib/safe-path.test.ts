// Examples for the path helper; the property test beside it throws hostile input at it.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { realpathUnder, resolveUnder, tryResolveUnder } from './safe-path.ts';

const ROOT = '/srv/data/voices';

describe('resolveUnder', () => {
  it('joins plain segments under the root', () => {
    expect(resolveUnder(ROOT, 'user-1', 'voice.wav')).toBe('/srv/data/voices/user-1/voice.wav');
    expect(resolveUnder(ROOT, 'a/b/./c')).toBe('/srv/data/voices/a/b/c');
    expect(resolveUnder(ROOT, 'caf%C3%A9.txt')).toBe('/srv/data/voices/café.txt');
    expect(resolveUnder(ROOT)).toBe(ROOT);
  });

  it.each([
    '../etc/passwd',
    'a/../../b',
    '..',
    '%2e%2e/secret',
    '%2E%2E%2Fsecret',
    '%252e%252e%252fsecret',
    '/etc/passwd',
    '%2Fetc%2Fpasswd',
    'C:/Windows',
    'c:evil',
    '..\\..\\win.ini',
    'a\\b',
    'file\u0000.wav',
    'file%00.wav',
    'line\nbreak',
    '...',
    '.. ',
    '%E0%A4%A',
  ])('refuses %j with 400 PATH_REFUSED', (segment) => {
    let err: unknown;
    try {
      resolveUnder(ROOT, segment);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).code).toBe('PATH_REFUSED');
    expect(tryResolveUnder(ROOT, segment)).toBeUndefined();
  });

  it('refuses a relative root (a programming error, not user input)', () => {
    expect(() => resolveUnder('data', 'x')).toThrow(/absolute/);
  });
});

describe('realpathUnder', () => {
  it('refuses a symlink inside the root that leads outside it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'safe-'));
    const root = join(base, 'root');
    mkdirSync(root);
    writeFileSync(join(base, 'outside.txt'), 'secret');
    writeFileSync(join(root, 'inside.txt'), 'ok');
    symlinkSync(join(base, 'outside.txt'), join(root, 'link.txt'));
    expect(await realpathUnder(root, 'inside.txt')).toMatch(/inside\.txt$/);
    await expect(realpathUnder(root, 'link.txt')).rejects.toMatchObject({ code: 'PATH_REFUSED' });
  });
});
