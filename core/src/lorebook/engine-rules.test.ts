import { describe, expect, it } from 'vitest';
import { seededRandom } from '../macros/rng';
import { activateLore } from './engine';
import { book, chat, entry, fired, run } from './test-helpers';
import type { LoreState } from './types';

describe('recursion', () => {
  const entries = () => [entry(1, ['king'], 'The king wears a crown.'), entry(2, ['crown'], 'The crown is gold.'), entry(3, ['gold'], 'Gold is rare.')];

  it('scans activated content for further keys when recursive_scanning is on', () => {
    const r = run(book(entries(), { recursive_scanning: true }), chat('the king'));
    expect(fired(r)).toEqual([1, 2, 3]);
    expect(r.activated[1]!.reason).toMatchObject({ type: 'key', key: 'crown', source: 'recursion', fromEntry: 'char:1' });
  });

  it('does not recurse when recursive_scanning is off', () => {
    expect(fired(run(book(entries(), { recursive_scanning: false }), chat('the king')))).toEqual([1]);
  });

  it('is bounded by the step limit', () => {
    const chain = Array.from({ length: 20 }, (_, i) => entry(i, [`k${i}`], `k${i + 1}`));
    const r = run(book(chain, { recursive_scanning: true }), chat('k0'), { maxRecursionSteps: 3 });
    expect(fired(r)).toEqual([0, 1, 2, 3]);
    const loop = [entry('a', ['a'], 'b'), entry('b', ['b'], 'a')];
    expect(fired(run(book(loop, { recursive_scanning: true }), chat('a')))).toEqual(['a', 'b']);
  });

  it('honours exclude_recursion, prevent_recursion and delay_until_recursion', () => {
    const b = book(
      [
        entry(1, ['king'], 'crown gold'),
        entry(2, ['crown'], 'x', { extensions: { exclude_recursion: true } }),
        entry(3, ['gold'], 'y'),
        entry(4, ['king'], 'silver', { extensions: { prevent_recursion: true } }),
        entry(5, ['silver'], 'z'),
        entry(6, ['king'], 'w', { extensions: { delay_until_recursion: true } }),
      ],
      { recursive_scanning: true },
    );
    expect(fired(run(b, chat('the king')))).toEqual([1, 3, 4, 6]);
    expect(fired(run(b, chat('the crown')))).toEqual([2]);
  });
});

describe('order, priority and budget', () => {
  it('places lower insertion_order earlier', () => {
    const b = book([entry(1, ['x'], 'a', { insertion_order: 30 }), entry(2, ['x'], 'b', { insertion_order: 10 }), entry(3, ['x'], 'c', { insertion_order: 20 })]);
    expect(fired(run(b, chat('x')))).toEqual([2, 3, 1]);
  });

  it('drops lowest priority first, then lowest insertion_order, keeping constants first', () => {
    const tokenizer = { count: (t: string) => t.length };
    const b = book(
      [
        entry('c', [], 'cccc', { constant: true, priority: 0, insertion_order: 1 }),
        entry('hi', ['x'], 'hhhh', { priority: 10, insertion_order: 2 }),
        entry('lo', ['x'], 'llll', { priority: 1, insertion_order: 50 }),
        entry('mid-a', ['x'], 'aaaa', { priority: 5, insertion_order: 3 }),
        entry('mid-b', ['x'], 'bbbb', { priority: 5, insertion_order: 4 }),
      ],
      { token_budget: 12 },
    );
    const r = run(b, chat('x'), { tokenizer });
    expect(fired(r)).toEqual(['c', 'hi', 'mid-b']);
    expect(r.rejected.filter((x) => x.reason === 'budget').map((x) => x.uid).sort()).toEqual(['char:lo', 'char:mid-a']);
    expect(r.tokens).toBe(12);
  });

  it('counts tokens with the given tokenizer and applies the overall budget too', () => {
    const seen: string[] = [];
    const tokenizer = { count: (t: string) => (seen.push(t), 5) };
    const b = book([entry(1, ['x'], 'one'), entry(2, ['x'], 'two'), entry(3, ['x'], 'three')]);
    const r = run(b, chat('x'), { tokenizer, tokenBudget: 10 });
    expect(r.activated).toHaveLength(2);
    expect(seen).toEqual(expect.arrayContaining(['one', 'two', 'three']));
  });

  it('drops @@ignore_on_max_context entries first', () => {
    const tokenizer = { count: () => 1 };
    const b = book([entry(1, ['x'], '@@ignore_on_max_context\na', { priority: 99 }), entry(2, ['x'], 'b')], { token_budget: 1 });
    expect(fired(run(b, chat('x'), { tokenizer }))).toEqual([2]);
  });
});

describe('books combined', () => {
  it('puts the character book first, then global books, on equal order', () => {
    const charBook = book([entry('c', ['x'], 'char')]);
    const global = book([entry('g', ['x'], 'global')]);
    const r = activateLore({
      books: [{ id: 'world', book: global }, { id: 'char', book: charBook, isCharacter: true }],
      messages: chat('x'),
    });
    expect(r.activated.map((a) => a.uid)).toEqual(['char:c', 'world:g']);
  });

  it('prefers the character book when the budget is short', () => {
    const tokenizer = { count: () => 1 };
    const r = activateLore({
      books: [{ id: 'char', book: book([entry('c', ['x'], 'char')]), isCharacter: true }, { id: 'world', book: book([entry('g', ['x'], 'global')]) }],
      messages: chat('x'),
      tokenizer,
      tokenBudget: 1,
    });
    expect(r.activated.map((a) => a.uid)).toEqual(['char:c']);
  });
});

describe('positions and roles', () => {
  it('maps V2 position, SillyTavern extensions.position and depth/role', () => {
    const b = book([
      entry(1, ['x'], 'a', { position: 'before_char' }),
      entry(2, ['x'], 'b', { position: 'after_char' }),
      entry(3, ['x'], 'c', { extensions: { position: 4, depth: 2, role: 1 } }),
      entry(4, ['x'], 'd', { extensions: { position: 4 } }),
      entry(5, ['x'], 'e', { extensions: { position: 2 } }),
      entry(6, ['x'], 'f', { extensions: { position: 3 } }),
      entry(7, ['x'], 'g', { extensions: { position: 5 } }),
      entry(8, ['x'], 'h', { extensions: { position: 6 } }),
      entry(9, ['x'], 'i', { extensions: { position: 7, outlet_name: 'o' } }),
    ]);
    const r = run(b, chat('x'));
    expect(r.activated.map((a) => [a.position, a.depth, a.role, a.outlet ?? ''])).toEqual([
      ['before_char', 4, 'system', ''],
      ['after_char', 4, 'system', ''],
      ['at_depth', 2, 'user', ''],
      ['at_depth', 4, 'system', ''],
      ['an_top', 4, 'system', ''],
      ['an_bottom', 4, 'system', ''],
      ['em_top', 4, 'system', ''],
      ['em_bottom', 4, 'system', ''],
      ['outlet', 4, 'system', 'o'],
    ]);
  });
});

describe('V3 decorators', () => {
  it('reads @@depth, @@role and @@position and removes decorator lines from the content', () => {
    const b = book([entry(1, ['x'], '@@depth 2\n@@role assistant\nLore'), entry(2, ['x'], '@@position before_desc\nA'), entry(3, ['x'], '@@position personality\nB')]);
    const r = run(b, chat('x'));
    expect(r.activated.map((a) => [a.position, a.depth, a.role, a.content])).toEqual([
      ['at_depth', 2, 'assistant', 'Lore'],
      ['before_char', 4, 'system', 'A'],
      ['personality', 4, 'system', 'B'],
    ]);
  });

  it('@@activate forces and @@dont_activate blocks', () => {
    const b = book([entry(1, [], '@@activate\nyes'), entry(2, ['x'], '@@dont_activate\nno')]);
    const r = run(b, chat('x'));
    expect(fired(r)).toEqual([1]);
    expect(r.activated[0]!.reason).toEqual({ type: 'decorator', decorator: 'activate' });
  });

  it('@@activate_only_after and @@activate_only_every count turns', () => {
    const b = book([entry(1, ['x'], '@@activate_only_after 3\na'), entry(2, ['x'], '@@activate_only_every 2\nb')]);
    expect(fired(run(b, chat('x')))).toEqual([]);
    expect(fired(run(b, chat('x', 'x')))).toEqual([2]);
    expect(fired(run(b, chat('x', 'x', 'x')))).toEqual([1]);
    expect(run(b, chat('x')).rejected.map((x) => x.reason).sort()).toEqual(['activate_only_after', 'activate_only_every']);
  });

  it('@@exclude_keys and @@additional_keys', () => {
    const b = book([entry(1, ['king'], '@@exclude_keys dead, ghost\na'), entry(2, ['king'], '@@additional_keys crown\nb')]);
    expect(fired(run(b, chat('the king')))).toEqual([1]);
    expect(fired(run(b, chat('the dead king with a crown')))).toEqual([2]);
  });

  it('uses a @@@ fallback only when the decorator before it is unknown', () => {
    const b = book([entry(1, ['x'], '@@future_thing 1\n@@@depth 1\na'), entry(2, ['x'], '@@depth 3\n@@@depth 1\nb')]);
    expect(run(b, chat('x')).activated.map((a) => a.depth)).toEqual([1, 3]);
  });

  it('@@keep_activate_after_match and @@dont_activate_after_match use the chat state', () => {
    const b = book([entry(1, ['x'], '@@keep_activate_after_match\na'), entry(2, ['x'], '@@dont_activate_after_match\nb')]);
    const first = run(b, chat('x'));
    expect(fired(first)).toEqual([1, 2]);
    const second = run(b, chat('x', 'nothing', 'x'), { state: first.state });
    expect(fired(second)).toEqual([1]);
    expect(second.activated[0]!.reason).toEqual({ type: 'decorator', decorator: 'keep_activate_after_match' });
  });
});

describe('probability', () => {
  it('fires about probability% of the time and is reproducible with a seed', () => {
    const b = book([entry(1, ['x'], 'a', { extensions: { probability: 30, useProbability: true } })]);
    const hits = Array.from({ length: 400 }, (_, i) => run(b, chat('x'), { random: seededRandom(i) }).activated.length).reduce((a, n) => a + n, 0);
    expect(hits).toBeGreaterThan(80);
    expect(hits).toBeLessThan(160);
    expect(fired(run(b, chat('x'), { random: seededRandom(5) }))).toEqual(fired(run(b, chat('x'), { random: seededRandom(5) })));
    const off = book([entry(1, ['x'], 'a', { extensions: { probability: 0, useProbability: false } })]);
    expect(fired(run(off, chat('x')))).toEqual([1]);
    const never = book([entry(1, ['x'], 'a', { extensions: { probability: 0 } })]);
    expect(run(never, chat('x')).rejected[0]?.reason).toBe('probability');
  });
});

describe('inclusion groups', () => {
  it('keeps one winner per group, weighted', () => {
    const b = book([entry(1, ['x'], 'a', { extensions: { group: 'g', group_weight: 90 } }), entry(2, ['x'], 'b', { extensions: { group: 'g', group_weight: 10 } }), entry(3, ['x'], 'c')]);
    const wins = { 1: 0, 2: 0 };
    for (let i = 0; i < 200; i++) {
      const r = run(b, chat('x'), { random: seededRandom(i) });
      expect(r.activated.filter((a) => a.entry.id !== 3)).toHaveLength(1);
      expect(fired(r)).toContain(3);
      wins[r.activated[0]!.entry.id as 1 | 2]++;
    }
    expect(wins[1]).toBeGreaterThan(wins[2] * 3);
  });

  it('lets group_override win by highest order, and reports the losers', () => {
    const b = book([
      entry(1, ['x'], 'a', { insertion_order: 5, extensions: { group: 'g', group_override: true } }),
      entry(2, ['x'], 'b', { insertion_order: 9, extensions: { group: 'g', group_override: true } }),
      entry(3, ['x'], 'c', { insertion_order: 99, extensions: { group: 'g' } }),
    ]);
    const r = run(b, chat('x'));
    expect(fired(r)).toEqual([2]);
    expect(r.rejected.map((x) => [x.uid, x.reason])).toEqual([['char:1', 'group'], ['char:3', 'group']]);
  });
});

describe('entry identity', () => {
  it('keeps entries with a duplicate id apart', () => {
    const b = book([entry(1, ['x'], 'a', { extensions: { sticky: 3 } }), entry(1, ['y'], 'b')], { scan_depth: 1 });
    const r = run(b, chat('x y'));
    expect(r.activated.map((a) => a.uid)).toEqual(['char:1', 'char:#1']);
    expect(Object.keys(r.state.entries)).toEqual(['char:1']);
  });
});

describe('sticky, cooldown and delay', () => {
  const step = (b: ReturnType<typeof book>, texts: string[], state?: LoreState) => run(b, chat(...texts), { state });

  it('sticky keeps an entry on for N more turns without its key', () => {
    const b = book([entry(1, ['x'], 'a', { extensions: { sticky: 2 } })], { scan_depth: 1 });
    let r = step(b, ['x']);
    expect(fired(r)).toEqual([1]);
    r = step(b, ['x', 'no'], r.state);
    expect(r.activated[0]?.reason).toEqual({ type: 'sticky', since: 1 });
    r = step(b, ['x', 'no', 'no'], r.state);
    expect(fired(r)).toEqual([1]);
    r = step(b, ['x', 'no', 'no', 'no'], r.state);
    expect(fired(r)).toEqual([]);
  });

  it('cooldown blocks for N turns after firing (after sticky ends)', () => {
    const b = book([entry(1, ['x'], 'a', { extensions: { cooldown: 2 } })], { scan_depth: 1 });
    let r = step(b, ['x']);
    expect(fired(r)).toEqual([1]);
    r = step(b, ['x', 'x'], r.state);
    expect(r.rejected[0]?.reason).toBe('cooldown');
    r = step(b, ['x', 'x', 'x'], r.state);
    expect(fired(r)).toEqual([]);
    r = step(b, ['x', 'x', 'x', 'x'], r.state);
    expect(fired(r)).toEqual([1]);
  });

  it('delay needs that many messages in the chat first', () => {
    const b = book([entry(1, ['x'], 'a', { extensions: { delay: 3 } })]);
    expect(run(b, chat('x', 'x')).rejected[0]?.reason).toBe('delay');
    expect(fired(run(b, chat('x', 'x', 'x')))).toEqual([1]);
  });

  it('forgets records from later turns when the chat is rolled back', () => {
    const b = book([entry(1, ['x'], '@@dont_activate_after_match\na')], { scan_depth: 1 });
    const later = step(b, ['a', 'b', 'x']);
    expect(fired(later)).toEqual([1]);
    expect(fired(step(b, ['a', 'b', 'c', 'x'], later.state))).toEqual([]);
    expect(fired(step(b, ['x'], later.state))).toEqual([1]);
  });
});

describe('recursion with secondary keys', () => {
  it('activates when the primary key is in a message and the secondary key only in recursed content', () => {
    const b = book(
      [entry(1, ['king'], 'The crown is heavy.'), entry(2, ['queen'], 'x', { selective: true, secondary_keys: ['crown'] })],
      { recursive_scanning: true },
    );
    expect(fired(run(b, chat('the king and the queen')))).toEqual([1, 2]);
    expect(fired(run(b, chat('the queen')))).toEqual([]);
  });
});
