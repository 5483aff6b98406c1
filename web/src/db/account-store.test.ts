import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createAccountStore } from './account-store';

describe('account store (IndexedDB through Dexie)', () => {
  it('keeps one session across store instances (a reload) and forgets it on clear', async () => {
    const name = `account-test-${Math.random()}`;
    const first = createAccountStore(name);
    expect(await first.load()).toBeNull();
    await first.save({ refreshToken: 'r1', user: { id: 'u1', username: 'alice', role: 'user' } });
    await first.save({ refreshToken: 'r2', user: { id: 'u1', username: 'alice', role: 'user' } });
    first.close();

    const reloaded = createAccountStore(name);
    expect(await reloaded.load()).toEqual({ refreshToken: 'r2', user: { id: 'u1', username: 'alice', role: 'user' } });
    await reloaded.clear();
    expect(await reloaded.load()).toBeNull();
    reloaded.close();
  });
});
