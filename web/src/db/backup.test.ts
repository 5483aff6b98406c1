import 'fake-indexeddb/auto';
import { defaultPortrait, encodeBase64, readPngChunks, textChunk, writePngChunks, writeZip } from '@companion/core/cards';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { AppDatabase } from './app-db';
import { encodeRecord } from './backup-codec';
import { BACKUP_TABLES, createBackupStore } from './backup';
import { createCharacterStore } from './characters';
import { createChatStore } from './chats';
import { createLorebookStore } from './lorebooks';
import { createMessageStore } from './messages';
import { createPersonaStore } from './personas';
import { createSettingsStore } from './settings';
import { freshDb, takeOutbox, tick } from './test-db';
import { createVoiceStore } from './voices';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function pngCard(name: string): Uint8Array {
  const chunks = readPngChunks(defaultPortrait(name, 8));
  const card = { spec: 'chara_card_v2', spec_version: '2.0', data: { name, first_mes: 'Hi', alternate_greetings: ['Hey'], extensions: { x: { y: 1 } } } };
  chunks.splice(2, 0, textChunk('chara', encodeBase64(utf8(JSON.stringify(card)))));
  return writePngChunks(chunks);
}

function charx(name: string): Uint8Array {
  const card = { spec: 'chara_card_v3', spec_version: '3.0', data: { name, first_mes: 'x', extensions: {}, group_only_greetings: [], assets: [{ type: 'icon', uri: 'embeded://assets/icon/images/a.png', name: 'main', ext: 'png' }] } };
  return writeZip([{ path: 'card.json', bytes: utf8(JSON.stringify(card)) }, { path: 'assets/icon/images/a.png', bytes: defaultPortrait(name, 4) }, { path: 'assets/other/x.bin', bytes: Uint8Array.from([0, 255, 7]) }]);
}

/** Every table's rows with binaries as bytes, so Blobs compare by content (toEqual sees no Blob contents). */
async function dump(db: AppDatabase) {
  const out: Record<string, unknown[]> = {};
  for (const name of BACKUP_TABLES) {
    const rows = await db.table(name).toArray();
    out[name] = await Promise.all(rows.map(async (r) => {
      let n = 0;
      const e = await encodeRecord(r, () => `b${n++}`);
      return { json: e.json, files: e.files.map((f) => f.bytes) };
    }));
    out[name].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}

async function populated(): Promise<AppDatabase> {
  const db = freshDb();
  const clock = tick();
  const characters = createCharacterStore(db, clock);
  const a = (await characters.importFile(pngCard('Ann'), 'ann.png')).character;
  await characters.importFile(charx('Zed'), 'zed.charx');
  const chats = createChatStore(db, clock);
  const messages = createMessageStore(db, clock);
  const chat = await chats.create(a.id, { greetingIndex: 1 });
  await chats.update(chat.id, { sampling: { temperature: 0.2 }, vars: { mood: 'ok' } });
  const m = await messages.append(chat.id, { role: 'assistant', text: 'one', model: 'webllm:x', timings: { firstTokenMs: 5 } });
  await messages.addSwipe(m.id, { text: 'two' });
  await messages.edit(m.id, 'two, edited');
  for (let i = 0; i < 7; i++) await messages.append(chat.id, { role: i % 2 ? 'assistant' : 'user', text: `line ${i}` });
  await createLorebookStore(db, clock).add({ name: 'World', book: { name: 'World', extensions: { k: 1 }, entries: [], extra: {} }, scope: 'global' });
  await createPersonaStore(db, clock).add({ name: 'Me', description: 'me', avatar: new Blob([Uint8Array.from([1, 2, 3])], { type: 'image/png' }) });
  await createSettingsStore(db, clock).updateSettings({ theme: 'dark', sampling: { topK: 3 } });
  await createVoiceStore(db, clock).add({
    name: 'Voice',
    language: 'en',
    model: { host: 'server', repo: 'r', revision: 'main', quant: 'fp32', gptFile: 'g.onnx' },
    voice: Uint8Array.from([9, 8, 7, 6]),
    sample: { sampleRate: 22050, samples: Float32Array.from([0.5, -0.25, 1e-7, -1]) },
  });
  await takeOutbox(db);
  return db;
}

describe('backup', () => {
  it('exports every table and restores it on another device exactly, binaries included', async () => {
    const source = await populated();
    const bytes = await createBackupStore(source).exportBackup({ pageSize: 2 });
    const files = unzipSync(bytes);
    expect(JSON.parse(new TextDecoder().decode(files['manifest.json']))).toMatchObject({ format: 'companion-backup', version: 1, tables: { messages: { rows: 9, pages: 5 } } });

    const target = freshDb();
    const summary = await createBackupStore(target).importBackup(bytes);
    expect(summary.messages).toEqual({ added: 9, unchanged: 0, kept: 0 });
    expect(summary.characters.added).toBe(2);
    expect(summary.voices.added).toBe(1);
    expect(await dump(target)).toEqual(await dump(source));
    const voice = (await target.voices.toArray())[0]!;
    expect(voice.sample.samples).toBeInstanceOf(Float32Array);
    expect(voice.sample.samples).toEqual(Float32Array.from([0.5, -0.25, 1e-7, -1]));
    expect((await target.personas.toArray())[0]!.avatar).toBeInstanceOf(Blob);
    // Every restored record is a change for sync to push.
    const total = Object.values(summary).reduce((n, s) => n + s.added, 0);
    expect((await takeOutbox(target)).length).toBe(total);
  });

  it('merges: identical records are unchanged, different ones with the same id keep this device’s version', async () => {
    const db = await populated();
    const bytes = await createBackupStore(db).exportBackup();
    const chars = createCharacterStore(db);
    const ann = (await chars.list({ search: 'ann', sort: 'name', offset: 0, limit: 1 })).items[0]!;
    await chars.update(ann.id, { voice: 'espeak:en' });
    await takeOutbox(db);
    const summary = await createBackupStore(db).importBackup(bytes);
    expect(summary.characters).toEqual({ added: 0, unchanged: 1, kept: 1 });
    expect(summary.messages).toEqual({ added: 0, unchanged: 9, kept: 0 });
    expect((await chars.get(ann.id))?.voice).toBe('espeak:en');
    expect(await takeOutbox(db)).toEqual([]);
  });

  it('refuses files that are not backups, newer formats and damaged ones, writing nothing', async () => {
    const store = createBackupStore(freshDb());
    await expect(store.importBackup(utf8('{"x":1}'))).rejects.toMatchObject({ code: 'BACKUP_NOT_A_BACKUP' });
    await expect(store.importBackup(charx('Card'))).rejects.toMatchObject({ code: 'BACKUP_NOT_A_BACKUP' });
    const newer = zipSync({ 'manifest.json': utf8(JSON.stringify({ format: 'companion-backup', version: 2, tables: {} })) });
    await expect(store.importBackup(newer)).rejects.toMatchObject({ code: 'BACKUP_TOO_NEW', message: expect.stringContaining('newer version') as string });

    const good = unzipSync(await createBackupStore(await populated()).exportBackup({ pageSize: 3 }));
    const { ['tables/messages/1.json']: _dropped, ...missingPage } = good;
    const db = freshDb();
    await expect(createBackupStore(db).importBackup(zipSync(missingPage))).rejects.toMatchObject({ code: 'BACKUP_BROKEN', message: expect.stringContaining('tables/messages/1.json') as string });
    const missingBin = Object.fromEntries(Object.entries(good).filter(([p]) => !p.startsWith('bin/voices/')));
    await expect(createBackupStore(db).importBackup(zipSync(missingBin))).rejects.toMatchObject({ code: 'BACKUP_BROKEN' });
    expect(await dump(db)).toEqual(await dump(freshDb()));
  });

  it('is all or nothing: a failure while writing leaves every table as it was', async () => {
    const bytes = await createBackupStore(await populated()).exportBackup();
    const db = freshDb();
    let made = 0;
    db.messages.hook('creating', () => {
      if (++made === 5) throw new Error('disk hiccup');
    });
    await expect(createBackupStore(db).importBackup(bytes)).rejects.toThrow('disk hiccup');
    for (const name of BACKUP_TABLES) expect(await db.table(name).count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
