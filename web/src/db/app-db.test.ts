import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { AppDatabase } from './app-db';
import { mutate, pendingChanges } from './outbox';
import { mapStorageError } from './storage-errors';
import { freshDb, takeOutbox } from './test-db';
import { createVoiceStore } from './voices';

const MODEL = { host: 'server', repo: 'r', revision: 'main', quant: 'fp32', gptFile: 'g.onnx' } as const;

describe('schema v2 over a v1 database', () => {
  it('keeps the voices of a v1 database and opens the new tables', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    // Exactly what shipped as v1.
    const v1 = new Dexie(name);
    v1.version(1).stores({ voices: 'id, createdAt' });
    const voice = {
      id: 'v1',
      name: 'Old voice',
      createdAt: 5,
      language: 'en',
      model: MODEL,
      voice: Uint8Array.from([1, 2, 3]),
      sample: { sampleRate: 16000, samples: Float32Array.from([0.5, -0.25]) },
    };
    await v1.table('voices').put(voice);
    v1.close();

    const db = new AppDatabase(name);
    await db.open();
    expect(db.verno).toBe(2);
    expect(await db.voices.get('v1')).toEqual(voice);
    expect(await createVoiceStore(db).list()).toHaveLength(1);
    await db.settings.put({ key: 'global', value: { theme: 'dark' }, updatedAt: 1 });
    await db.messages.put({ id: 'm', chatId: 'c', seq: 1, role: 'user', swipes: [{ text: 'hi', createdAt: 1 }], swipeIndex: 0, edits: [], createdAt: 1, updatedAt: 1 });
    expect(await db.messages.where('[chatId+seq]').equals(['c', 1]).count()).toBe(1);
    expect(await db.settings.get('global')).toMatchObject({ value: { theme: 'dark' } });
    db.close();
  });
});

describe('mutate', () => {
  it('records one outbox row per put and delete, in order', async () => {
    const db = freshDb();
    await mutate(db, [db.settings, db.personas], async (w) => {
      await w.put(db.settings, { key: 'a', value: 1, updatedAt: 1 });
      await w.bulkPut(db.settings, [{ key: 'b', value: 2, updatedAt: 1 }, { key: 'c', value: 3, updatedAt: 1 }]);
      await w.delete(db.settings, 'a');
      await w.bulkDelete(db.settings, ['b']);
    }, { now: () => 42 });
    const rows = await pendingChanges(db);
    expect(rows.map((r) => [r.op, r.table, r.key, r.at])).toEqual([
      ['put', 'settings', 'a', 42],
      ['put', 'settings', 'b', 42],
      ['put', 'settings', 'c', 42],
      ['delete', 'settings', 'a', 42],
      ['delete', 'settings', 'b', 42],
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    expect((await db.settings.toArray()).map((s) => s.key)).toEqual(['c']);
  });

  it('leaves neither the change nor its outbox row when the function throws midway', async () => {
    const db = freshDb();
    await expect(
      mutate(db, [db.settings], async (w) => {
        await w.put(db.settings, { key: 'a', value: 1, updatedAt: 1 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.settings.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('writes voices through the outbox', async () => {
    const db = freshDb();
    const store = createVoiceStore(db);
    const v = await store.add({ name: 'A', language: 'en', model: MODEL, voice: Uint8Array.from([1]), sample: { sampleRate: 1, samples: new Float32Array(1) } });
    await store.rename(v.id, 'B');
    await store.remove(v.id);
    expect(await takeOutbox(db)).toEqual([`put voices ${v.id}`, `put voices ${v.id}`, `delete voices ${v.id}`]);
  });
});

describe('a full disk', () => {
  const quota = (): Error => Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
  it('maps QuotaExceededError, direct or inside an AbortError, to STORAGE_FULL', () => {
    expect(mapStorageError(quota())).toMatchObject({ code: 'STORAGE_FULL', recoverable: true });
    const wrapped = Object.assign(new Error('aborted'), { name: 'AbortError', inner: quota() });
    expect(mapStorageError(wrapped)).toMatchObject({ code: 'STORAGE_FULL' });
    const other = new Error('other');
    expect(mapStorageError(other)).toBe(other);
  });

  it('is what mutate throws when the transaction hits the quota, and nothing is written', async () => {
    const db = freshDb();
    await expect(
      mutate(db, [db.settings], async (w) => {
        await w.put(db.settings, { key: 'a', value: 1, updatedAt: 1 });
        throw quota();
      }),
    ).rejects.toMatchObject({ code: 'STORAGE_FULL', message: expect.stringContaining('Nothing already saved was lost') as string });
    expect(await db.settings.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
