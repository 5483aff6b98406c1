// Nothing a real card carries is dropped: V3 dates written as ISO text (as card tools do) keep their instant, and a
// known field whose value this model cannot hold is kept as it came and exported again, in JSON, PNG and CHARX.
import { describe, expect, it } from 'vitest';
import { readCard, readCardJson } from './read';
import { writeCardJson, writeCardPng, writeCharx } from './write';
import type { JsonObject } from './types';

const v3 = (data: JsonObject) => JSON.stringify({ spec: 'chara_card_v3', spec_version: '3.0', data: { name: 'Ava', ...data } });
const exported = (json: string) => (JSON.parse(json) as { data: JsonObject }).data;

describe('V3 dates', () => {
  it('an ISO date-time becomes the same instant in seconds, and is exported as that instant', () => {
    const iso = '2024-05-17T09:30:12.345Z';
    const { card, warnings } = readCardJson(v3({ creation_date: iso, modification_date: '2024-06-01' }));
    expect(card.data.creation_date).toBe(Date.parse(iso) / 1000);
    expect(new Date((card.data.creation_date ?? 0) * 1000).toISOString()).toBe(iso);
    expect(card.data.modification_date).toBe(Date.parse('2024-06-01') / 1000);
    expect(warnings.join('\n')).toMatch(/creation_date was a date text/);
    const again = readCardJson(writeCardJson(card)).card;
    expect(again.data.creation_date).toBe(card.data.creation_date);
  });

  it('numbers and numeric text stay as they were', () => {
    expect(readCardJson(v3({ creation_date: 1715938212 })).card.data.creation_date).toBe(1715938212);
    expect(readCardJson(v3({ creation_date: '1715938212' })).card.data.creation_date).toBe(1715938212);
  });

  it('a date text that is no instant is kept as it came and exported again', () => {
    const { card, warnings } = readCardJson(v3({ creation_date: 'last Tuesday' }));
    expect(card.data.creation_date).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/creation_date was not a number; kept/);
    expect(exported(writeCardJson(card)).creation_date).toBe('last Tuesday');
  });
});

describe('known fields of an unexpected type', () => {
  const odd = {
    description: { en: 'A painter', fr: 'Une peintre' },
    tags: 'painter, friendly',
    alternate_greetings: { first: 'Hi' },
    extensions: ['not', 'an', 'object'],
    nickname: { short: 'Av' },
    creator_notes_multilingual: 'just text',
  };

  it('are kept in extra and written back as they came (JSON, PNG, CHARX)', () => {
    const { card } = readCardJson(v3(odd));
    expect(card.data.description).toBe('');
    expect(card.data.extra.description).toEqual(odd.description);
    for (const bytes of [new TextEncoder().encode(writeCardJson(card)), writeCardPng(card), writeCharx(card)]) {
      const back = readCard(bytes).card;
      expect(back.data.extra).toMatchObject({ description: odd.description, alternate_greetings: odd.alternate_greetings, extensions: odd.extensions, nickname: odd.nickname, creator_notes_multilingual: 'just text' });
    }
    const data = exported(writeCardJson(card));
    expect(data).toMatchObject({ description: odd.description, extensions: odd.extensions, nickname: odd.nickname });
    // A single string is still read as a one-item list, not kept raw.
    expect(data.tags).toEqual(['painter, friendly']);
  });

  it('a field edited after import wins over the kept original', () => {
    const { card } = readCardJson(v3(odd));
    card.data.description = 'Edited by hand';
    expect(exported(writeCardJson(card)).description).toBe('Edited by hand');
  });

  it('V3-only originals stay out of a V2 export; V2 fields are kept there too', () => {
    const { card } = readCardJson(v3({ ...odd, creation_date: 'someday' }));
    const v2 = exported(writeCardJson(card, 'v2'));
    expect(v2.creation_date).toBeUndefined();
    expect(v2.nickname).toBeUndefined();
    expect(v2.description).toEqual(odd.description);
  });
});
