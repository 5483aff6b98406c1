// U3 at the HTTP boundary: mutated and truncated card files through POST /api/characters/upload never get a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPortrait, readCardJson, writeCardPng, writeCharx } from '@companion/core/cards';
import { asUser, type TestUser } from '../../auth/testing.ts';
import { seededRandom } from '@companion/core/macros';
import { createCharactersTestApp } from './testing.ts';

/** Seeded (core's mulberry32), so a failure names the seed and case that reproduce it. */
const rng = seededRandom;

function mutate(input: Uint8Array, next: () => number): Uint8Array {
  const out = input.slice();
  const pick = () => Math.floor(next() * out.length);
  switch (Math.floor(next() * 4)) {
    case 0: // flip a few bytes
      for (let i = 0; i < 1 + next() * 8; i++) out[pick()] = Math.floor(next() * 256);
      return out;
    case 1: // truncate
      return out.slice(0, pick());
    case 2: {
      // write a lying length (0, 0xFFFFFFFF or random) somewhere
      const at = Math.min(pick(), out.length - 4);
      const v = [0, 0xffffffff, Math.floor(next() * 2 ** 32)][Math.floor(next() * 3)]!;
      new DataView(out.buffer).setUint32(Math.max(0, at), v);
      return out;
    }
    default: // duplicate a slice into the middle
      {
        const from = pick();
        const to = pick();
        return new Uint8Array([...out.slice(0, to), ...out.slice(from, from + 64), ...out.slice(to)]);
      }
  }
}

describe('mutated card uploads (U3 over HTTP)', () => {
  let t: Awaited<ReturnType<typeof createCharactersTestApp>>;
  let user: TestUser;
  beforeAll(async () => {
    t = await createCharactersTestApp('sqlite');
    user = await asUser(t.app);
  });
  afterAll(() => t.dispose());

  it('answers 201 or a typed 4xx for hundreds of mutated PNG, CHARX and JSON cards', async () => {
    const card = readCardJson(
      JSON.stringify({ spec: 'chara_card_v3', spec_version: '3.0', data: { name: 'Fuzz', description: 'd', group_only_greetings: [], character_book: { extensions: {}, entries: [{ keys: ['k'], content: 'c', extensions: {}, enabled: true, insertion_order: 0 }] } } }),
    ).card;
    const seeds: [string, Uint8Array][] = [
      ['png', writeCardPng(card, defaultPortrait('Fuzz', 16))],
      ['charx', writeCharx({ ...card, files: [{ path: 'assets/other/a.txt', bytes: new TextEncoder().encode('hello '.repeat(50)) }] })],
      ['json', new TextEncoder().encode(JSON.stringify({ spec: 'chara_card_v2', spec_version: '2.0', data: { name: 'J', tags: ['a'] } }))],
    ];
    const allowed = new Set([201, 400, 413, 415, 422]);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let seed = 1; seed <= 300; seed++) {
      const next = rng(seed);
      const [kind, base] = seeds[seed % seeds.length]!;
      let bytes = base;
      for (let i = 0; i < 1 + Math.floor(next() * 3); i++) bytes = mutate(bytes, next);
      const form = new FormData();
      form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], 'card.bin'));
      const res = await user.request('/api/characters/upload', { method: 'POST', body: form });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = (await res.json()) as { error?: { code?: string } };
      if (!allowed.has(res.status)) failures.push(`seed ${seed} (${kind}): ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      else if (res.status !== 201 && typeof body.error?.code !== 'string') failures.push(`seed ${seed} (${kind}): no error code`);
    }
    expect(failures).toEqual([]);
    // The mutations reach the readers' error paths, not only the sniffer.
    expect([...statuses.keys()].filter((s) => s === 400 || s === 422).length).toBeGreaterThan(0);
  });
});
