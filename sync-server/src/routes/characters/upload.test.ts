// Card files over HTTP: PNG/JSON/CHARX upload typed by the bytes (U1), bad files as clear 4xx, lossless export round trips.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Card,
  defaultPortrait,
  readCard,
  readCardJson,
  readPngChunks,
  textChunk,
  toV3Object,
  writeCardPng,
  writeCharx,
  writePngChunks,
  writeZip,
} from '@companion/core/cards';
import { asUser, type TestUser } from '../../auth/testing.ts';
import { storageKinds, warnIfPostgresSkipped } from '../../storage/testing.ts';
import { createCharactersTestApp } from './testing.ts';
import { sharedAsset } from '../../../test/shared-assets.ts';

warnIfPostgresSkipped();

// A real picture (Haru's texture) where the shared assets are beside the checkout, else a drawn portrait: both are
// PNGs that are no card, which is all these tests need.
const HARU = sharedAsset('assets/live2d/Haru/Haru.2048/texture_00.png', 'a drawn portrait stands in for the real PNG picture.');
const haru = HARU ? new Uint8Array(readFileSync(HARU)) : defaultPortrait('Haru', 64);

const enc = (s: string) => new TextEncoder().encode(s);
const CARD_V3 = {
  spec: 'chara_card_v3',
  spec_version: '3.0',
  data: {
    name: 'Haru',
    description: '{{char}} is a cheerful student.',
    first_mes: 'Hello, {{user}}!',
    alternate_greetings: ['Hi again'],
    group_only_greetings: [],
    tags: ['school', 'Live2D'],
    extensions: { companion: { voice: 'v-1' }, depth_prompt: { depth: 4, prompt: 'x' } },
    character_book: {
      name: 'Haru lore',
      extensions: { st_only: 1 },
      entries: [{ keys: ['school'], content: 'Haru goes to Seiran.', extensions: { position: 4, depth: 2 }, enabled: true, insertion_order: 10, use_regex: false }],
    },
    creation_date: 1_700_000_000,
    unknown_data_field: { nested: [1, 'two'] },
  },
  unknown_top: true,
};
const card = (): Card => readCardJson(JSON.stringify(CARD_V3)).card;

interface Character {
  id: string;
  name: string;
  card: Record<string, unknown>;
  source: { spec: string; container: string };
  image: { size: number } | null;
  files: { path: string; size: number }[];
}

async function upload(user: TestUser, bytes: Uint8Array, name = 'card.bin', type = 'application/octet-stream'): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  return user.request('/api/characters/upload', { method: 'POST', body: form });
}
async function uploadOk(user: TestUser, bytes: Uint8Array, name?: string, type?: string): Promise<Character> {
  const res = await upload(user, bytes, name, type);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Character;
}
async function code(res: Response): Promise<string> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error.code;
}
async function exportAs(user: TestUser, id: string, format: string): Promise<{ res: Response; bytes: Uint8Array }> {
  const res = await user.request(`/api/characters/${id}/export?format=${format}`);
  expect(res.status).toBe(200);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}
const get = async (user: TestUser, id: string) => (await (await user.request(`/api/characters/${id}`)).json()) as Character;

describe.each(storageKinds)('card files on $kind', ({ kind, skip }) => {
  let t: Awaited<ReturnType<typeof createCharactersTestApp>>;
  let user: TestUser;
  beforeAll(async () => {
    if (skip) return;
    t = await createCharactersTestApp(kind);
    user = await asUser(t.app);
  });
  afterAll(async () => {
    if (!skip) await t.dispose();
  });

  it.skipIf(skip)('imports a card written into a real PNG picture and keeps the picture', async () => {
    const png = writeCardPng(card(), haru);
    const c = await uploadOk(user, png, 'Haru.png', 'image/png');
    expect(c.source).toMatchObject({ spec: 'chara_card_v3', container: 'png' });
    expect(c.image?.size).toBe(png.byteLength);
    expect(c.card).toEqual(toV3Object(card()));
    const { bytes } = await exportAs(user, c.id, 'png');
    // The exported PNG is still the same picture: every non-card chunk is unchanged.
    // (Compared as one Buffer: a deep equal over megabytes of elements is needlessly slow.)
    const pixels = (b: Uint8Array) => Buffer.concat(readPngChunks(b).filter((ch) => ch.type === 'IDAT').map((ch) => ch.data));
    expect(pixels(bytes).equals(pixels(haru))).toBe(true);
  });

  it.skipIf(skip)('serves the picture with its type from the bytes; a card without one is 404', async () => {
    const png = writeCardPng(card(), defaultPortrait('pic', 16));
    const withPicture = await uploadOk(user, png);
    const res = await user.request(`/api/characters/${withPicture.id}/image`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
    const icon = { type: 'icon', uri: 'embeded://assets/icon/images/me.webp', name: 'main', ext: 'webp', extra: {} };
    const charx = writeCharx({ ...card(), data: { ...card().data, assets: [icon] }, files: [{ path: 'assets/icon/images/me.webp', bytes: webp }] });
    const fromCharx = await uploadOk(user, charx);
    expect((await user.request(`/api/characters/${fromCharx.id}/image`)).headers.get('content-type')).toBe('image/webp');
    // A PNG export of a card whose picture is not a PNG gets a drawn portrait and keeps the data.
    expect(readCard((await exportAs(user, fromCharx.id, 'png')).bytes).card.data.assets).toEqual([icon]);
    const bare = await uploadOk(user, enc(JSON.stringify(CARD_V3)));
    expect((await user.request(`/api/characters/${bare.id}/image`)).status).toBe(404);
  });

  it.skipIf(skip)('a real PNG that is not a card is 422 NOT_A_CARD', async () => {
    const res = await upload(user, haru, 'texture_00.png', 'image/png');
    expect(res.status).toBe(422);
    expect(await code(res)).toBe('NOT_A_CARD');
  });

  it.skipIf(skip)('round trips losslessly through the HTTP API in every format', async () => {
    const files = [{ path: 'assets/other/notes.txt', bytes: enc('packed file') }];
    const sources: [string, Uint8Array][] = [
      ['json', enc(JSON.stringify(CARD_V3))],
      ['png', writeCardPng(card(), haru)],
      ['charx', writeCharx({ ...card(), files, image: defaultPortrait('Haru', 16) })],
    ];
    for (const [from, bytes] of sources) {
      const first = await uploadOk(user, bytes);
      for (const format of ['json', 'png', 'charx']) {
        const exported = await exportAs(user, first.id, format);
        const again = await uploadOk(user, exported.bytes);
        const [a, b] = [await get(user, first.id), await get(user, again.id)];
        const label = `${from} → ${format}`;
        if (format === 'charx' && from !== 'charx' && a.image) {
          // CHARX carries the picture as an icon asset; everything else is unchanged.
          const { assets, ...rest } = b.card.data as Record<string, unknown>;
          expect(rest, label).toEqual(a.card.data);
          expect(assets, label).toEqual([expect.objectContaining({ type: 'icon', uri: 'embeded://assets/icon/images/main.png' })]);
          expect({ ...b.card, data: undefined }, label).toEqual({ ...a.card, data: undefined });
        } else {
          expect(b.card, label).toEqual(a.card);
        }
        if (format === 'charx') expect(b.files.filter((f) => f.path === 'assets/other/notes.txt'), label).toEqual(from === 'charx' ? [{ path: 'assets/other/notes.txt', size: 11 }] : []);
        if (format !== 'json' && a.image) expect(b.image, label).not.toBeNull();
        // Exporting the re-import gives the same file again (for JSON, byte for byte).
        if (format === 'json') expect(Buffer.from((await exportAs(user, again.id, 'json')).bytes).equals(exported.bytes)).toBe(true);
      }
    }
    const fromCharx = await uploadOk(user, sources[2]![1]);
    const packed = readCard((await exportAs(user, fromCharx.id, 'charx')).bytes).card.files;
    expect(packed.find((f) => f.path === 'assets/other/notes.txt')?.bytes).toEqual(files[0]!.bytes);
  });

  it.skipIf(skip)('export answers the right Content-Type and an attachment Content-Disposition', async () => {
    const c = await uploadOk(user, enc(JSON.stringify({ ...CARD_V3, data: { ...CARD_V3.data, name: 'Ærø "quoted"/../x' } })));
    const want = { png: 'image/png', json: 'application/json; charset=utf-8', charx: 'application/zip' };
    for (const [format, type] of Object.entries(want)) {
      const { res, bytes } = await exportAs(user, c.id, format);
      expect(res.headers.get('content-type')).toBe(type);
      const cd = res.headers.get('content-disposition') ?? '';
      expect(cd).toMatch(new RegExp(`^attachment; filename="[A-Za-z0-9 ._-]+\\.${format}"; filename\\*=UTF-8''`));
      expect(cd).not.toContain('/');
      expect(decodeURIComponent(cd.split("UTF-8''")[1] ?? '')).toBe(`Ærø "quoted"/../x.${format}`);
      expect(readCard(bytes).card.data.name).toBe('Ærø "quoted"/../x');
    }
    expect((await user.request(`/api/characters/${c.id}/export?format=gif`)).status).toBe(400);
    expect((await user.request(`/api/characters/${c.id}/export?format=`)).status).toBe(400);
    const byDefault = await user.request(`/api/characters/${c.id}/export`);
    expect(byDefault.headers.get('content-type')).toBe('image/png');
  });

  it.skipIf(skip)('the type comes from the bytes: a mismatching name or Content-Type is 415, a generic one is fine', async () => {
    const png = writeCardPng(card(), defaultPortrait('x', 8));
    const json = enc(JSON.stringify(CARD_V3));
    const mismatches: [Uint8Array, string, string][] = [
      [png, 'card.json', 'application/octet-stream'],
      [png, 'card.bin', 'application/json'],
      [json, 'card.png', 'application/octet-stream'],
      [json, 'card.json', 'image/png'],
      [writeCharx(card()), 'card.charx', 'image/png'],
      [png, 'card.webp', 'application/octet-stream'],
    ];
    for (const [bytes, name, type] of mismatches) {
      const res = await upload(user, bytes, name, type);
      expect(res.status, `${name} ${type}`).toBe(415);
      expect(await code(res)).toBe('TYPE_MISMATCH');
    }
    await uploadOk(user, png, 'card', '');
    await uploadOk(user, json, 'card.json', 'text/plain');
    await uploadOk(user, writeCharx(card()), 'card.charx', 'application/octet-stream');
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
    const res = await upload(user, jpeg, 'card.png', 'image/png');
    expect(res.status).toBe(415);
    expect(await code(res)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it.skipIf(skip)('bad files get a 4xx with a clear reason', async () => {
    const png = writeCardPng(card(), defaultPortrait('x', 8));
    const base = readPngChunks(defaultPortrait('x', 8));
    const withChara = (text: string) => writePngChunks([...base.slice(0, -1), textChunk('chara', text), base[base.length - 1]!]);
    const corruptCrc = png.slice();
    corruptCrc[40] = corruptCrc[40]! ^ 0xff;
    const cases: [string, Uint8Array, number, string][] = [
      ['truncated PNG', png.slice(0, png.length - 30), 400, 'BROKEN_PNG'],
      ['bad CRC', corruptCrc, 400, 'BROKEN_PNG'],
      ['bad base64', withChara('!!!not base64***'), 400, 'BAD_BASE64'],
      ['bad JSON in PNG', withChara(Buffer.from('{"spec":').toString('base64')), 400, 'BAD_JSON'],
      ['bad JSON file', enc('{"name": "x",'), 400, 'BAD_JSON'],
      ['JSON that is not a card', enc('{"hello": 1}'), 422, 'NOT_A_CARD'],
      ['zip without card.json', writeZip([{ path: 'readme.txt', bytes: enc('hi') }]), 422, 'NOT_A_CARD'],
      ['zip bomb', writeZip([{ path: 'card.json', bytes: enc(JSON.stringify(CARD_V3)) }, { path: 'assets/x/bomb.bin', bytes: new Uint8Array(3_000_000) }]), 413, 'ZIP_BOMB'],
      ['broken zip', writeCharx(card()).slice(0, 60), 400, 'BROKEN_ZIP'],
    ];
    for (const [label, bytes, status, errorCode] of cases) {
      const res = await upload(user, bytes);
      expect(res.status, label).toBe(status);
      expect(await code(res), label).toBe(errorCode);
    }
  });

  it.skipIf(skip)('refuses requests that are not a multipart file upload', async () => {
    const asJson = await user.request('/api/characters/upload', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CARD_V3) });
    expect(asJson.status).toBe(415);
    const form = new FormData();
    form.append('file', 'just a string');
    expect((await user.request('/api/characters/upload', { method: 'POST', body: form })).status).toBe(400);
    const empty = new FormData();
    empty.append('other', new File([enc('x')], 'x.json'));
    expect((await user.request('/api/characters/upload', { method: 'POST', body: empty })).status).toBe(400);
  });

  it.skipIf(skip)('uploading a card whose name exists never overwrites the other one', async () => {
    const a = await uploadOk(user, enc(JSON.stringify(CARD_V3)));
    const changed = { ...CARD_V3, data: { ...CARD_V3.data, description: 'another Haru' } };
    const b = await uploadOk(user, writeCardPng(readCardJson(JSON.stringify(changed)).card, defaultPortrait('x', 8)));
    expect(b.id).not.toBe(a.id);
    expect(((await get(user, a.id)).card.data as { description: string }).description).toBe(CARD_V3.data.description);
    expect(((await get(user, b.id)).card.data as { description: string }).description).toBe('another Haru');
  });
});

describe('upload size cap (U2)', () => {
  let t: Awaited<ReturnType<typeof createCharactersTestApp>>;
  let user: TestUser;
  beforeAll(async () => {
    t = await createCharactersTestApp('sqlite', { UPLOAD_LIMIT_BYTES: '200000' });
    user = await asUser(t.app);
  });
  afterAll(() => t.dispose());

  it('a file over the upload limit is 413, with and without Content-Length', async () => {
    const big = writeCardPng({ ...card(), data: { ...card().data, description: 'x'.repeat(300_000) } }, defaultPortrait('x', 8));
    const res = await upload(user, big, 'big.png', 'image/png');
    expect(res.status).toBe(413);
    // Chunked: the same multipart body as a stream with no Content-Length is cut off while it streams.
    const form = new FormData();
    form.append('file', new File([big as Uint8Array<ArrayBuffer>], 'big.png'));
    const encoded = new Response(form);
    const chunked = await user.request('/api/characters/upload', {
      method: 'POST',
      headers: { 'content-type': encoded.headers.get('content-type') ?? '' },
      body: encoded.body,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('a card under the upload limit but over the JSON body limit is accepted, as a file or a JSON body; other JSON is not', async () => {
    const t2 = await createCharactersTestApp('sqlite', { UPLOAD_LIMIT_BYTES: '3000000', BODY_LIMIT_BYTES: '100000' });
    try {
      const u = await asUser(t2.app);
      const big = writeCardPng({ ...card(), data: { ...card().data, description: 'y'.repeat(500_000) } }, defaultPortrait('x', 8));
      expect((await upload(u, big, 'big.png', 'image/png')).status).toBe(201);
      const asJson = await u.request('/api/characters', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...CARD_V3, data: { ...CARD_V3.data, description: 'y'.repeat(500_000) } }) });
      expect(asJson.status).toBe(201);
      // Everything outside /api/characters keeps the small JSON limit.
      const other = await u.request('/api/chat/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ characterId: 'x', messages: [], pad: 'z'.repeat(200_000) }) });
      expect(other.status).toBe(413);
    } finally {
      await t2.dispose();
    }
  });
});
