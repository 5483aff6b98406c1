import { describe, expect, it } from 'vitest';
import { getAppData, resolveAsset, withAppData } from './assets';
import { encodeBase64 } from './bytes';
import { readCardJson } from './read';
import { v3 } from './test-helpers';
import { writeCardJson } from './write';

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
