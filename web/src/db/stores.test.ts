import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createLorebookStore } from './lorebooks';
import { createPersonaStore } from './personas';
import { DEFAULT_SETTINGS } from './records';
import { createSettingsStore, mergeSettings } from './settings';
import { freshDb, takeOutbox } from './test-db';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('settings', () => {
  it('gives the defaults before anything is stored, and merges sampling and speech field by field', async () => {
    const db = freshDb();
    const store = createSettingsStore(db);
    expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
    await store.updateSettings({ theme: 'dark', sampling: { temperature: 0.3 } });
    const next = await store.updateSettings({ speech: { speakReplies: true }, sampling: { topK: undefined } });
    expect(next.theme).toBe('dark');
    expect(next.sampling).toEqual({ ...DEFAULT_SETTINGS.sampling, temperature: 0.3 });
    expect(next.speech).toEqual({ ...DEFAULT_SETTINGS.speech, speakReplies: true });
    expect(await createSettingsStore(db).getSettings()).toEqual(next);
    expect(await takeOutbox(db)).toEqual(['put settings global', 'put settings global']);
  });

  it('resolves a chat’s sampling over the global defaults', async () => {
    const store = createSettingsStore(freshDb());
    await store.updateSettings({ sampling: { maxTokens: 500 } });
    expect(await store.resolveSampling({ sampling: { temperature: 1.5 } })).toEqual({ ...DEFAULT_SETTINGS.sampling, maxTokens: 500, temperature: 1.5 });
    expect(await store.resolveSampling(null)).toMatchObject({ maxTokens: 500 });
  });

  it('fills fields a newer version added when reading older stored settings', () => {
    expect(mergeSettings({ theme: 'light', sampling: { temperature: 1 } })).toEqual({ ...DEFAULT_SETTINGS, theme: 'light', sampling: { ...DEFAULT_SETTINGS.sampling, temperature: 1 } });
    expect(mergeSettings('garbage')).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps flags', async () => {
    const db = freshDb();
    const store = createSettingsStore(db);
    expect(await store.getFlag('x')).toBe(false);
    await store.setFlag('x');
    expect(await store.getFlag('x')).toBe(true);
    expect(await takeOutbox(db)).toEqual(['put settings flag:x']);
  });
});

describe('personas', () => {
  it('adds, lists by name, updates and removes, each through the outbox', async () => {
    const db = freshDb();
    const store = createPersonaStore(db);
    const b = await store.add({ name: ' Sam ', description: 'tall' });
    const a = await store.add({ name: 'Alex' });
    expect((await store.list()).map((p) => p.name)).toEqual(['Alex', 'Sam']);
    const updated = await store.update(b.id, { description: 'short' });
    expect(updated).toMatchObject({ name: 'Sam', description: 'short', avatar: null });
    await store.remove(a.id);
    expect((await store.list()).map((p) => p.id)).toEqual([b.id]);
    expect(await takeOutbox(db)).toEqual([`put personas ${b.id}`, `put personas ${a.id}`, `put personas ${b.id}`, `delete personas ${a.id}`]);
    await expect(store.add({ name: '' })).rejects.toMatchObject({ code: 'PERSONA_BAD_NAME' });
    await expect(store.update('nope', {})).rejects.toMatchObject({ code: 'PERSONA_NOT_FOUND' });
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('lorebooks', () => {
  const worldInfo = {
    entries: {
      '0': { uid: 0, key: ['dragon'], keysecondary: [], comment: 'Dragons', content: 'Dragons sleep on gold.', constant: false, selective: true, order: 100, position: 0, disable: false, probability: 80, useProbability: true, depth: 4 },
      '1': { uid: 1, key: ['castle'], keysecondary: ['gate'], comment: '', content: 'The castle gate is iron.', constant: true, selective: false, order: 50, position: 1, disable: true },
    },
  };

  it('imports SillyTavern world info and lorebook_v3 files, named by the book or the file', async () => {
    const db = freshDb();
    const store = createLorebookStore(db);
    const { lorebook } = await store.importFile(utf8(JSON.stringify(worldInfo)), 'My World.json');
    expect(lorebook).toMatchObject({ name: 'My World', scope: 'chat', enabled: true });
    expect(lorebook.book.entries.map((e) => e.content).sort()).toEqual(['Dragons sleep on gold.', 'The castle gate is iron.']);
    const v3 = { spec: 'lorebook_v3', data: { name: 'Named', extensions: { x: 1 }, entries: [{ keys: ['k'], content: 'c', extensions: {}, enabled: true, insertion_order: 0 }] } };
    const named = (await store.importFile(utf8(JSON.stringify(v3)), 'file.json')).lorebook;
    expect(named.name).toBe('Named');
    expect(named.book.extensions).toEqual({ x: 1 });
    expect((await store.list()).map((l) => l.name)).toEqual(['My World', 'Named']);
    expect(await takeOutbox(db)).toEqual([`put lorebooks ${lorebook.id}`, `put lorebooks ${named.id}`]);
  });

  it('refuses files that are not lorebooks, saying why', async () => {
    const store = createLorebookStore(freshDb());
    await expect(store.importFile(utf8('{oops'), 'w.json')).rejects.toMatchObject({ code: 'IMPORT_BAD_JSON', message: expect.stringContaining('w.json') as string });
    await expect(store.importFile(utf8('{"name": 1}'), 'x.json')).rejects.toMatchObject({ code: 'IMPORT_NOT_A_CARD' });
    await expect(store.importFile(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]), 'x.png')).rejects.toMatchObject({ code: 'IMPORT_UNSUPPORTED' });
  });

  it('updates scope and enabled, and removes', async () => {
    const db = freshDb();
    const store = createLorebookStore(db);
    const l = await store.add({ name: 'B', book: { extensions: {}, entries: [], extra: {} } });
    expect(await store.update(l.id, { scope: 'global', enabled: false })).toMatchObject({ scope: 'global', enabled: false, name: 'B' });
    await store.remove(l.id);
    expect(await store.get(l.id)).toBeUndefined();
    await expect(store.update(l.id, {})).rejects.toMatchObject({ code: 'LOREBOOK_NOT_FOUND' });
    expect(await takeOutbox(db)).toEqual([`put lorebooks ${l.id}`, `put lorebooks ${l.id}`, `delete lorebooks ${l.id}`]);
  });
});
