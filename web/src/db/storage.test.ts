import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createSettingsStore } from './settings';
import { estimate, requestPersistenceOnce, type StorageManagerLike } from './storage';
import { freshDb } from './test-db';

function fakeStorage(answer: boolean | Error, persisted = false) {
  const calls: string[] = [];
  const storage: StorageManagerLike = {
    persisted: () => {
      calls.push('persisted');
      return Promise.resolve(persisted);
    },
    persist: () => {
      calls.push('persist');
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    estimate: () => Promise.resolve({ usage: 1234, quota: 99999 }),
  };
  return { storage, calls };
}

describe('persistent storage', () => {
  it('is asked once, and remembered across connections', async () => {
    const db = freshDb();
    const { storage, calls } = fakeStorage(true);
    expect(await requestPersistenceOnce(createSettingsStore(db), storage)).toBe(true);
    expect(await requestPersistenceOnce(createSettingsStore(db), storage)).toBeNull();
    expect(calls).toEqual(['persisted', 'persist']);
    expect((await createSettingsStore(db).getSettings()).persistAsked).toBe(true);
  });

  it('counts a refusal or a throwing browser as asked', async () => {
    for (const answer of [false, new Error('not allowed')]) {
      const settings = createSettingsStore(freshDb());
      const { storage, calls } = fakeStorage(answer);
      expect(await requestPersistenceOnce(settings, storage)).toBe(false);
      expect(await requestPersistenceOnce(settings, storage)).toBeNull();
      expect(calls.filter((c) => c === 'persist')).toHaveLength(1);
    }
  });

  it('does not prompt when storage is already persistent', async () => {
    const { storage, calls } = fakeStorage(false, true);
    expect(await requestPersistenceOnce(createSettingsStore(freshDb()), storage)).toBe(true);
    expect(calls).toEqual(['persisted']);
  });

  it('leaves the flag unset where the browser cannot be asked', async () => {
    const settings = createSettingsStore(freshDb());
    expect(await requestPersistenceOnce(settings, {})).toBeNull();
    expect((await settings.getSettings()).persistAsked).toBe(false);
  });
});

describe('estimate', () => {
  it('gives usage and quota, or null where the browser does not say', async () => {
    expect(await estimate(fakeStorage(true).storage)).toEqual({ usage: 1234, quota: 99999 });
    expect(await estimate({})).toBeNull();
    expect(await estimate({ estimate: () => Promise.resolve({}) })).toBeNull();
    expect(await estimate({ estimate: () => Promise.reject(new Error('no')) })).toBeNull();
  });
});
