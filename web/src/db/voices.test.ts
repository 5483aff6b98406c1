import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AppDatabase } from './app-db';
import { createVoiceStore, type NewVoice } from './voices';

const MODEL = { host: 'server', repo: 'companion-test/test-tiny-xtts', revision: 'main', quant: 'fp32', gptFile: 'gpt_model.onnx' } as const;

function newVoice(name: string, fill = 1): NewVoice {
  return {
    name,
    language: 'en',
    model: MODEL,
    voice: Uint8Array.from([fill, 2, 3, 4]),
    sample: { sampleRate: 22050, samples: Float32Array.from([0.25, -0.5, fill / 10]) },
  };
}

function freshDb(): AppDatabase {
  return new AppDatabase(`voices-test-${Math.random()}`);
}

describe('cloned voices in IndexedDB', () => {
  it('keeps voices, their bytes and reference sample across connections (a reload), newest first', async () => {
    const db = freshDb();
    let t = 1000;
    const store = createVoiceStore(db, () => t++);
    const a = await store.add(newVoice('  Haru   calm ', 1));
    const b = await store.add(newVoice('Haru bright', 2));
    expect(a.name).toBe('Haru calm');
    expect(a.id).not.toBe(b.id);
    db.close();

    const reopened = new AppDatabase(db.name);
    const again = createVoiceStore(reopened);
    const listed = await again.list();
    expect(listed.map((v) => v.name)).toEqual(['Haru bright', 'Haru calm']);
    const got = await again.get(a.id);
    expect(got?.voice).toEqual(Uint8Array.from([1, 2, 3, 4]));
    expect(got?.sample.samples).toEqual(Float32Array.from([0.25, -0.5, 0.1]));
    expect(got?.model).toEqual(MODEL);
    expect(got?.createdAt).toBe(1000);
    reopened.close();
  });

  it('renames, replaces the voice after a re-clone, and deletes', async () => {
    const store = createVoiceStore(freshDb());
    const v = await store.add(newVoice('First'));
    expect((await store.rename(v.id, 'Second')).name).toBe('Second');
    const model = { ...MODEL, quant: 'int8' as const, gptFile: 'gpt_model_int8.onnx' };
    const replaced = await store.replaceVoice(v.id, model, Uint8Array.from([9]));
    expect(replaced).toMatchObject({ name: 'Second', model, voice: Uint8Array.from([9]) });
    expect((await store.get(v.id))?.voice).toEqual(Uint8Array.from([9]));
    await store.remove(v.id);
    expect(await store.list()).toEqual([]);
  });

  it('refuses empty or overlong names and unknown ids with coded errors', async () => {
    const store = createVoiceStore(freshDb());
    await expect(store.add(newVoice('   '))).rejects.toMatchObject({ code: 'VOICE_BAD_NAME' });
    await expect(store.add(newVoice('x'.repeat(61)))).rejects.toMatchObject({ code: 'VOICE_BAD_NAME' });
    await expect(store.add({ ...newVoice('Empty'), voice: new Uint8Array(0) })).rejects.toMatchObject({ code: 'VOICE_EMPTY' });
    await expect(store.rename('missing', 'Name')).rejects.toMatchObject({ code: 'VOICE_NOT_FOUND' });
    const v = await store.add(newVoice('Keep'));
    await expect(store.rename(v.id, '')).rejects.toMatchObject({ code: 'VOICE_BAD_NAME' });
    expect((await store.get(v.id))?.name).toBe('Keep');
  });
});
