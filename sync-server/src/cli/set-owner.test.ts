// The command-line owner step on a real SQLite file: creates the owner, then refuses bad input with a usage or reason.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStorage } from '../storage/index.ts';
import { main } from './set-owner.ts';

describe('npm run setup -- --owner', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('creates the owner from COMPANION_OWNER_PASSWORD, and explains a missing name', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'set-owner-'));
    vi.stubEnv('DATA_DIR', dataDir);
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('JWT_SECRET', randomBytes(32).toString('hex'));
    vi.stubEnv('COMPANION_OWNER_PASSWORD', 'long enough password');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await main(['--owner', 'keeper'])).toBe(0);
    expect(log.mock.calls.flat().join(' ')).toContain('Created keeper as the owner');
    expect(await main([])).toBe(2);
    expect(await main(['--owner', 'x'])).toBe(1);
    expect(err.mock.calls.flat().join(' ')).toMatch(/Usage[\s\S]*characters/);
    const storage = createStorage({ dataDir });
    try {
      expect(await storage.db.selectFrom('users').select(['username', 'role']).execute()).toEqual([{ username: 'keeper', role: 'owner' }]);
    } finally {
      await storage.close();
    }
  });
});
