import 'fake-indexeddb/auto';
import {
  defaultPortrait,
  readAny,
  readCard,
  textChunk,
  readPngChunks,
  writePngChunks,
  writeZip,
  encodeBase64,
} from '@companion/core/cards';
import { CodedError } from '@companion/core/errors';
import { describe, expect, it } from 'vitest';
import { createCharacterStore } from './characters';
import { createChatStore } from './chats';
import { createMessageStore } from './messages';
import { freshDb, takeOutbox, tick } from './test-db';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const b64 = (v: unknown): string => encodeBase64(utf8(JSON.stringify(v)));

const v2 = (name: string, more: Record<string, unknown> = {}) => ({
  spec: 'chara_card_v2',
  spec_version: '2.0',
  data: {
    name,
    description: `${name} desc`,
    first_mes: 'Hello {{user}}',
    alternate_greetings: ['Hey', 'Yo'],
    tags: ['Fantasy', 'Elf'],
    extensions: { talkativeness: '0.5', depth_prompt: { prompt: 'x', depth: 4 }, custom: { keep: [1, 2] } },
    character_book: {
      name: 'book',
      extensions: { st: true },
      entries: [
        {
          keys: ['forest'],
          content: 'Trees.',
          extensions: { position: 4, depth: 2 },
          enabled: true,
          insertion_order: 5,
        },
      ],
    },
    mystery_field: 'kept',
    ...more,
  },
  top_level_extra: { v1: 'copy' },
});

/** A PNG as SillyTavern writes it: a portrait with a `chara` tEXt chunk and an unrelated comment chunk. */
function pngCard(name: string): Uint8Array {
  const chunks = readPngChunks(defaultPortrait(name, 16));
  chunks.splice(2, 0, textChunk('Comment', 'made by hand'), textChunk('chara', b64(v2(name))));
  return writePngChunks(chunks);
}

function charxCard(name: string): Uint8Array {
  const card = {
    spec: 'chara_card_v3',
    spec_version: '3.0',
    data: {
      ...v2(name).data,
      group_only_greetings: [],
      nickname: 'Nick',
      assets: [
        { type: 'icon', uri: 'embeded://assets/icon/images/main.png', name: 'main', ext: 'png' },
        { type: 'emotion', uri: 'embeded://assets/emotion/images/happy.webp', name: 'happy', ext: 'webp', x_extra: 1 },
      ],
    },
  };
  return writeZip([
    { path: 'card.json', bytes: utf8(JSON.stringify(card)) },
    { path: 'assets/icon/images/main.png', bytes: defaultPortrait(name, 8) },
    { path: 'assets/emotion/images/happy.webp', bytes: Uint8Array.from([0x52, 0x49, 0x46, 0x46, 9, 9, 9, 9, 0x57]) },
    { path: 'module.risum', bytes: Uint8Array.from([1, 2, 3]) },
  ]);
}

const v1Json = (name: string) =>
  utf8(
    JSON.stringify({
      name,
      description: 'd',
      personality: 'p',
      scenario: 's',
      first_mes: 'f',
      mes_example: 'm',
      avatar: 'none',
      chat: `${name} - 2023`,
    }),
  );

describe('character import and export', () => {
  it.each([
    ['png', pngCard('Pinecone')],
    ['charx', charxCard('Zipper')],
    ['json', v1Json('Oldie')],
  ] as const)('imports a %s card and exports it losslessly in every format', async (origin, file) => {
    const db = freshDb();
    const store = createCharacterStore(db);
    const original = readCard(file).card;
    const { character } = await store.importFile(file, `card.${origin}`);
    expect(character.origin).toBe(origin);
    expect(character.card).toEqual(original.data);
    expect(character.nameKey).toBe(original.data.name.toLowerCase());

    for (const format of ['png', 'json', 'charx'] as const) {
      const out = await store.exportFile(character.id, format);
      expect(out.fileName).toBe(`${original.data.name}.${format}`);
      const again = readCard(out.bytes).card;
      // A CHARX of a card without an icon asset gains one for its picture; everything else is unchanged.
      const added = format === 'charx' && origin === 'png' ? again.data.assets?.pop() : undefined;
      if (added) expect(added).toMatchObject({ type: 'icon', uri: 'embeded://assets/icon/images/main.png' });
      if (again.data.assets?.length === 0 && original.data.assets === undefined) delete again.data.assets;
      expect(again.data).toEqual(original.data);
      expect(again.extraTop).toEqual(original.extraTop);
      if (format === 'charx' && origin === 'charx') expect(again.files).toEqual(original.files);
    }
    // Re-importing the exported PNG gives the same record content.
    const png = await store.exportFile(character.id, 'png');
    const { character: twin } = await store.importFile(png.bytes, png.fileName);
    expect(twin.card).toEqual(character.card);
  });

  it('keeps the portrait without the stale card chunks, and the CHARX assets byte for byte', async () => {
    const store = createCharacterStore(freshDb());
    const { character } = await store.importFile(pngCard('Pic'), 'pic.png');
    const image = new Uint8Array(await character.image!.arrayBuffer());
    expect(character.image!.type).toBe('image/png');
    const keywords = readPngChunks(image)
      .filter((c) => c.type === 'tEXt')
      .map((c) => new TextDecoder().decode(c.data.subarray(0, 7)));
    expect(keywords).toEqual(['Comment']);
    const zipped = await store.importFile(charxCard('Z'), 'z.charx');
    expect(zipped.character.assets.map((a) => a.path).sort()).toEqual([
      'assets/emotion/images/happy.webp',
      'assets/icon/images/main.png',
      'module.risum',
    ]);
  });

  it('says what is wrong with a file that is not a card', async () => {
    const store = createCharacterStore(freshDb());
    const broken = pngCard('Broken');
    broken[40] = (broken[40] ?? 0) ^ 0xff; // corrupt a chunk: its CRC no longer matches
    await expect(store.importFile(broken, 'broken.png')).rejects.toMatchObject({
      code: 'IMPORT_BROKEN_PNG',
      message: expect.stringContaining('broken.png') as string,
    });
    await expect(store.importFile(utf8('{"name": "x",'), 'bad.json')).rejects.toMatchObject({
      code: 'IMPORT_BAD_JSON',
    });
    await expect(store.importFile(utf8('{"hello": 1}'), 'other.json')).rejects.toMatchObject({
      code: 'IMPORT_NOT_A_CARD',
    });
    await expect(store.importFile(utf8('plain text'), 'notes.txt')).rejects.toMatchObject({
      code: 'IMPORT_UNSUPPORTED',
    });
    await expect(
      store.importFile(writePngChunks(readPngChunks(defaultPortrait('x', 4))), 'photo.png'),
    ).rejects.toMatchObject({ code: 'IMPORT_NOT_A_CARD' });
    const lore = utf8(JSON.stringify({ spec: 'lorebook_v3', data: { entries: [] } }));
    await expect(store.importFile(lore, 'world.json')).rejects.toMatchObject({ code: 'IMPORT_IS_LOREBOOK' });
    expect((await store.list({ sort: 'name', offset: 0, limit: 10 })).total).toBe(0);
  });

  it("uses the parser it is given (the worker's, for large files), whose coded errors pass through unchanged", async () => {
    const store = createCharacterStore(freshDb());
    const file = pngCard('Offloaded');
    const seen: string[] = [];
    const { character } = await store.importFile(
      file,
      'big.png',
      async (bytes, name) => (seen.push(name), readAny(bytes)),
    );
    expect(seen).toEqual(['big.png']);
    expect(character.card.name).toBe('Offloaded');
    const failing = async () => {
      throw new CodedError('IMPORT_BROKEN_PNG', '"big.png" is broken.');
    };
    await expect(store.importFile(file, 'big.png', failing)).rejects.toMatchObject({
      code: 'IMPORT_BROKEN_PNG',
      message: '"big.png" is broken.',
    });
  });

  it('keeps both cards when a name clashes', async () => {
    const db = freshDb();
    const store = createCharacterStore(db);
    const a = await store.importFile(pngCard('Twin'), 'a.png');
    const b = await store.importFile(pngCard('Twin'), 'b.png');
    expect(a.character.id).not.toBe(b.character.id);
    expect(b.character.card.name).toBe('Twin');
    expect(await takeOutbox(db)).toEqual([`put characters ${a.character.id}`, `put characters ${b.character.id}`]);
    const page = await store.list({ sort: 'name', offset: 0, limit: 10 });
    expect(page.items.map((c) => c.card.name)).toEqual(['Twin', 'Twin']);
  });
});

describe('character library', () => {
  const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'];
  async function library() {
    const db = freshDb();
    const store = createCharacterStore(db, tick());
    const ids: Record<string, string> = {};
    for (const [i, name] of names.entries()) {
      const card = readCard(
        utf8(JSON.stringify(v2(name, { tags: i % 2 === 0 ? ['Sci-Fi'] : ['Cozy', 'Slice of life'] }))),
      ).card.data;
      ids[name] = (await store.add({ card, image: null, origin: 'created' })).id;
    }
    return { db, store, ids };
  }

  it('pages by name, newest created and last chat', async () => {
    const { db, store, ids } = await library();
    const page = await store.list({ sort: 'name', offset: 1, limit: 2 });
    expect(page).toMatchObject({ total: 5 });
    expect(page.items.map((c) => c.card.name)).toEqual(['Bravo', 'charlie']);
    expect((await store.list({ sort: 'created', offset: 0, limit: 2 })).items.map((c) => c.card.name)).toEqual([
      'echo',
      'Bravo',
    ]);
    const chats = createChatStore(db, tick(10_000));
    await chats.create(ids.charlie!);
    await createMessageStore(db, tick(20_000)).append((await chats.create(ids.Alpha!)).id, {
      role: 'user',
      text: 'hi',
    });
    expect((await store.list({ sort: 'lastChat', offset: 0, limit: 2 })).items.map((c) => c.card.name)).toEqual([
      'Alpha',
      'charlie',
    ]);
  });

  it('searches name and tags case-insensitively, paged', async () => {
    const { store } = await library();
    expect(
      (await store.list({ search: 'ALP', sort: 'name', offset: 0, limit: 10 })).items.map((c) => c.card.name),
    ).toEqual(['Alpha']);
    const cozy = await store.list({ search: 'slice', sort: 'name', offset: 1, limit: 1 });
    expect(cozy.total).toBe(2);
    expect(cozy.items.map((c) => c.card.name)).toEqual(['Bravo']);
    expect(
      (await store.list({ search: 'sci-fi', sort: 'name', offset: 0, limit: 10 })).items.map((c) => c.card.name),
    ).toEqual(['charlie', 'delta', 'echo']);
    expect((await store.list({ search: 'zzz', sort: 'name', offset: 0, limit: 10 })).total).toBe(0);
  });
});

describe('character edits, delete and undo', () => {
  it('updates card, image and voice, re-indexing name and tags', async () => {
    const db = freshDb();
    const store = createCharacterStore(db);
    const { character } = await store.importFile(pngCard('Before'), 'x.png');
    await takeOutbox(db);
    const next = await store.update(character.id, {
      card: { ...character.card, name: 'After', tags: ['New'] },
      voice: 'espeak:en',
      image: null,
    });
    expect(next).toMatchObject({ nameKey: 'after', tagKeys: ['new'], voice: 'espeak:en', image: null });
    expect(await takeOutbox(db)).toEqual([`put characters ${character.id}`]);
    await expect(store.update('missing', { voice: null })).rejects.toMatchObject({ code: 'CHARACTER_NOT_FOUND' });
    await expect(store.update(character.id, { card: { ...character.card, name: ' ' } })).rejects.toMatchObject({
      code: 'CHARACTER_BAD_NAME',
    });
  });

  it('removes a character with its chats and messages, and restore brings all of it back', async () => {
    const db = freshDb();
    const store = createCharacterStore(db);
    const chats = createChatStore(db);
    const messages = createMessageStore(db);
    const { character } = await store.importFile(pngCard('Gone'), 'g.png');
    const other = await store.importFile(pngCard('Stays'), 's.png');
    const c1 = await chats.create(character.id);
    const c2 = await chats.create(character.id);
    await messages.append(c1.id, { role: 'user', text: 'one' });
    const keep = await chats.create(other.character.id);
    const before = {
      character: await store.get(character.id),
      chats: await chats.listForCharacter(character.id),
      m1: await messages.range(c1.id, 0, 10),
      m2: await messages.range(c2.id, 0, 10),
    };
    await takeOutbox(db);

    const snapshot = await store.remove(character.id);
    expect(snapshot.chats).toHaveLength(2);
    expect(snapshot.messages).toHaveLength(3);
    expect(await store.get(character.id)).toBeUndefined();
    expect(await db.chats.count()).toBe(1);
    expect(await messages.count(keep.id)).toBe(1);
    expect(await db.messages.count()).toBe(1);
    const deleted = await takeOutbox(db);
    expect(deleted.filter((l) => l.startsWith('delete messages'))).toHaveLength(3);
    expect(deleted).toContain(`delete chats ${c1.id}`);
    expect(deleted.at(-1)).toBe(`delete characters ${character.id}`);

    await store.restore(snapshot);
    expect(await store.get(character.id)).toEqual(before.character);
    expect(await chats.listForCharacter(character.id)).toEqual(before.chats);
    expect(await messages.range(c1.id, 0, 10)).toEqual(before.m1);
    expect(await messages.range(c2.id, 0, 10)).toEqual(before.m2);
    expect(await takeOutbox(db)).toHaveLength(6);
  });
});

describe('starter character', () => {
  it('is added once on first run, with greetings, lore and a portrait, and never comes back after deletion', async () => {
    const db = freshDb();
    const store = createCharacterStore(db);
    const starter = await store.ensureStarter();
    expect(starter).not.toBeNull();
    expect(starter!.card.alternate_greetings).toHaveLength(2);
    expect(starter!.card.character_book?.entries.length).toBeGreaterThanOrEqual(2);
    expect(starter!.origin).toBe('starter');
    expect(starter!.image?.size).toBeGreaterThan(0);
    expect(await store.ensureStarter()).toBeNull();
    await store.remove(starter!.id);
    expect(await store.ensureStarter()).toBeNull();
    expect((await store.list({ sort: 'name', offset: 0, limit: 5 })).total).toBe(0);
    // The exported starter is a valid card.
  });

  it('is not added to a library that already has cards (a user upgrading from before the starter)', async () => {
    const store = createCharacterStore(freshDb());
    await store.importFile(pngCard('Mine'), 'm.png');
    expect(await store.ensureStarter()).toBeNull();
    expect((await store.list({ sort: 'name', offset: 0, limit: 5 })).items.map((c) => c.card.name)).toEqual(['Mine']);
  });
});
