import { describe, expect, it } from 'vitest';
import { getAppData, getCardVoice, packCardVoice, resolveAsset, unpackCardVoice, VOICE_ASSET_TYPE, withAppData, withCardVoice } from './assets';
import { encodeBase64 } from './bytes';
import { readCardJson } from './read';
import { v3 } from './test-helpers';
import { readCard } from './read';
import { writeCardJson, writeCardPng, writeCharx } from './write';

const card = () => readCardJson(JSON.stringify(v3('A', { extensions: { other_tool: { keep: true } } }))).card;
const asset = (uri: string) => ({ type: 'icon', uri, name: 'main', ext: 'png', extra: {} });

describe('asset URIs', () => {
  it('resolves embeded://, ccdefault:, https:// and data:', () => {
    const c = { ...card(), files: [{ path: 'assets/icon/images/a.png', bytes: new Uint8Array([1]) }], image: new Uint8Array([9]) };
    expect(resolveAsset(c, asset('embeded://assets/icon/images/a.png'))).toEqual({ kind: 'bytes', bytes: new Uint8Array([1]) });
    expect(resolveAsset(c, asset('embeded://../secret'))).toMatchObject({ kind: 'missing' });
    expect(resolveAsset(c, asset('ccdefault:'))).toEqual({ kind: 'bytes', bytes: new Uint8Array([9]) });
    expect(resolveAsset(card(), asset('ccdefault:'))).toEqual({ kind: 'default' });
    expect(resolveAsset(c, asset('https://example.org/a.png'))).toEqual({ kind: 'url', url: 'https://example.org/a.png' });
    expect(resolveAsset(c, asset(`data:image/png;base64,${encodeBase64(new Uint8Array([4, 5]))}`))).toEqual({ kind: 'bytes', bytes: new Uint8Array([4, 5]), mime: 'image/png' });
    expect(() => resolveAsset(c, asset('data:image/png;base64,***'))).toThrow(expect.objectContaining({ code: 'BAD_BASE64' }));
  });
});

describe('app data in extensions', () => {
  it('lives under one namespaced key and survives edit and export with every other key', () => {
    const edited = withAppData({ ...card(), data: { ...card().data, name: 'Renamed' } }, { voiceId: 'v1' });
    const back = readCardJson(writeCardJson(edited)).card;
    expect(getAppData(back)).toEqual({ voiceId: 'v1' });
    expect(back.data.extensions.other_tool).toEqual({ keep: true });
    expect(back.data.name).toBe('Renamed');
    expect(getAppData(card())).toBeUndefined();
  });
});

describe('the character voice in extensions.companion.voice', () => {
  const ref = { engine: 'xtts', voice: 'clone:abc', name: 'Haru (calm)', language: 'en' };
  const voiceBytes = new Uint8Array([1, 2, 3, 4]);
  const sample = { bytes: new Uint8Array([82, 73, 70, 70, 9]), ext: 'wav' as const };
  const withIcon = () => ({
    ...card(),
    files: [{ path: 'assets/icon/images/main.png', bytes: new Uint8Array([7]) }],
    data: { ...card().data, assets: [{ type: 'icon', uri: 'embeded://assets/icon/images/main.png', name: 'main', ext: 'png', extra: {} }] },
  });

  it('is set and cleared beside other app data, and refuses shapes that are not a reference', () => {
    const c = withCardVoice(withAppData(card(), { theme: 'dark' }), ref);
    expect(getCardVoice(c)).toEqual(ref);
    expect(getAppData(c)).toMatchObject({ theme: 'dark' });
    const cleared = withCardVoice(c, undefined);
    expect(getCardVoice(cleared)).toBeUndefined();
    expect(getAppData(cleared)).toEqual({ theme: 'dark' });
    for (const bad of [null, 'en-us', { voice: 'en-us' }, { engine: 'xtts', voice: 7 }, { engine: 'xtts', voice: 'x'.repeat(201) }]) {
      expect(getCardVoice(withAppData(card(), { voice: bad }))).toBeUndefined();
    }
    // A missing name shows the id rather than nothing.
    expect(getCardVoice(withAppData(card(), { voice: { engine: 'espeak-ng', voice: 'en-us' } }))?.name).toBe('en-us');
  });

  it('packs the voice and sample as x_ assets under assets/{type}/{ai,audio}/ that survive CHARX, and unpacks them', () => {
    const packed = packCardVoice(withIcon(), ref, { voice: voiceBytes, sample });
    const back = readCard(writeCharx(packed)).card;
    const v = getCardVoice(back)!;
    expect(v).toMatchObject({ ...ref, asset: 'embeded://assets/x_companion_voice/ai/Haru_calm.xttsvoice', sample: 'embeded://assets/x_companion_voice/audio/Haru_calm.wav' });
    expect(back.data.assets?.filter((a) => a.type === VOICE_ASSET_TYPE).map((a) => [a.uri, a.ext])).toEqual([
      [v.asset, 'xttsvoice'],
      [v.sample, 'wav'],
    ]);
    const un = unpackCardVoice(back);
    expect(un.voice).toEqual(ref);
    expect(un.packed.voice).toEqual(voiceBytes);
    expect(un.packed.sample).toEqual(sample.bytes);
    expect(un.missing).toEqual([]);
    // What is left is the card as it was: the icon and its asset entry stay, no voice files remain.
    expect(un.card.files.map((f) => f.path)).toEqual(['assets/icon/images/main.png']);
    expect(un.card.data.assets?.map((a) => a.type)).toEqual(['icon']);
  });

  it('replaces voice files packed before instead of piling them up', () => {
    const once = packCardVoice(withIcon(), ref, { voice: voiceBytes, sample });
    const twice = packCardVoice(once, { ...ref, name: 'Other' }, { voice: new Uint8Array([9]) });
    expect(twice.files.map((f) => f.path)).toEqual(['assets/icon/images/main.png', 'assets/x_companion_voice/ai/Other.xttsvoice']);
    expect(twice.data.assets?.filter((a) => a.type === VOICE_ASSET_TYPE)).toHaveLength(1);
    expect(getCardVoice(twice)?.sample).toBeUndefined();
  });

  it('PNG and JSON keep the reference only', () => {
    const c = withCardVoice(card(), ref);
    expect(getCardVoice(readCard(writeCardPng(c)).card)).toEqual(ref);
    expect(getCardVoice(readCardJson(writeCardJson(c)).card)).toEqual(ref);
    expect(unpackCardVoice(c)).toMatchObject({ voice: ref, packed: {}, missing: [] });
  });

  it('reports references that point nowhere, and never reads outside the packed files', () => {
    const c = withCardVoice(card(), { ...ref, asset: 'embeded://assets/x_companion_voice/ai/gone.xttsvoice', sample: 'https://example.org/a.wav' });
    const un = unpackCardVoice(c);
    expect(un.packed).toEqual({});
    expect(un.missing).toHaveLength(2);
    expect(unpackCardVoice(withCardVoice(card(), { ...ref, asset: 'embeded://../../etc/passwd' })).missing[0]).toMatch(/missing/);
  });
});
