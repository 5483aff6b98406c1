import { describe, expect, it } from 'vitest';
import { book, chat, entry, fired, run } from './test-helpers';

describe('keys and scan depth', () => {
  it('activates an entry when a key appears in the scanned messages, once however many keys match', () => {
    const r = run(book([entry(1, ['dragon', 'wyrm'], 'Dragons breathe fire.')]), chat('a dragon and a wyrm', 'dragon again'));
    expect(fired(r)).toEqual([1]);
    expect(r.activated[0]!.content).toBe('Dragons breathe fire.');
    expect(r.activated[0]!.reason).toMatchObject({ type: 'key', key: 'dragon', source: 'message', messageIndex: 1 });
  });

  it('scans only the last scan_depth messages', () => {
    const b = book([entry(1, ['dragon'], 'x')], { scan_depth: 2 });
    expect(fired(run(b, chat('dragon', 'b', 'c')))).toEqual([]);
    expect(fired(run(b, chat('a', 'dragon', 'c')))).toEqual([1]);
    expect(fired(run(book([entry(1, ['dragon'], 'x')], { scan_depth: 0 }), chat('dragon')))).toEqual([]);
  });

  it('lets an entry override the scan depth (extensions.scan_depth and @@scan_depth)', () => {
    const b = book([entry(1, ['dragon'], 'x', { extensions: { scan_depth: 3 } }), entry(2, ['dragon'], '@@scan_depth 3\ny')], { scan_depth: 1 });
    expect(fired(run(b, chat('dragon', 'b', 'c')))).toEqual([1, 2]);
  });

  it('is case-insensitive unless case_sensitive', () => {
    const b = book([entry(1, ['Dragon'], 'x'), entry(2, ['Dragon'], 'y', { case_sensitive: true }), entry(3, ['Dragon'], 'z', { extensions: { case_sensitive: true } })]);
    expect(fired(run(b, chat('a DRAGON')))).toEqual([1]);
    expect(fired(run(b, chat('a Dragon')))).toEqual([1, 2, 3]);
  });

  it('matches whole words when match_whole_words is set', () => {
    const b = book([entry(1, ['cat'], 'x', { extensions: { match_whole_words: true } }), entry(2, ['cat'], 'y')]);
    expect(fired(run(b, chat('concatenate')))).toEqual([2]);
    expect(fired(run(b, chat('the cat, sat')))).toEqual([1, 2]);
    expect(fired(run(b, chat('cats')))).toEqual([2]);
    const multi = book([entry(1, ['red dragon'], 'x', { extensions: { match_whole_words: true } })]);
    expect(fired(run(multi, chat('a red dragon!')))).toEqual([1]);
    expect(fired(run(multi, chat('a red dragons')))).toEqual([]);
  });

  it('reads hidden keys and other extra scan text', () => {
    const b = book([entry(1, ['secret'], 'x')]);
    const r = run(b, chat('nothing'), { extraScanText: ['secret'] });
    expect(r.activated[0]!.reason).toMatchObject({ type: 'key', source: 'extra' });
  });
});

describe('secondary keys and selectiveLogic', () => {
  const logic = (n: number | undefined) =>
    book([entry(1, ['king'], 'x', { selective: true, secondary_keys: ['crown', 'throne'], extensions: n === undefined ? {} : { selectiveLogic: n } })]);
  const cases: [string, number | undefined, string, boolean][] = [
    ['AND ANY (default)', undefined, 'king crown', true],
    ['AND ANY, none', 0, 'king', false],
    ['NOT ALL, one', 1, 'king crown', true],
    ['NOT ALL, all', 1, 'king crown throne', false],
    ['NOT ANY, none', 2, 'king', true],
    ['NOT ANY, one', 2, 'king throne', false],
    ['AND ALL, all', 3, 'king crown throne', true],
    ['AND ALL, one', 3, 'king crown', false],
  ];
  it.each(cases)('%s', (_n, l, text, expected) => {
    expect(fired(run(logic(l), chat(text)))).toEqual(expected ? [1] : []);
  });

  it('ignores secondary keys when the entry is not selective', () => {
    const b = book([entry(1, ['king'], 'x', { selective: false, secondary_keys: ['crown'] })]);
    expect(fired(run(b, chat('king')))).toEqual([1]);
  });

  it('still needs a primary key', () => {
    expect(fired(run(logic(2), chat('nothing here')))).toEqual([]);
  });
});

describe('regex keys', () => {
  it('treats /pattern/flags keys as regexes', () => {
    const b = book([entry(1, ['/dra+gon/i'], 'x'), entry(2, ['/Dragon/'], 'y')]);
    expect(fired(run(b, chat('DRAAAGON')))).toEqual([1]);
  });

  it('treats every key as a pattern with use_regex, case-insensitive unless case_sensitive', () => {
    const b = book([entry(1, ['colou?r'], 'x', { use_regex: true }), entry(2, ['colou?r'], 'y')]);
    expect(fired(run(b, chat('COLOR')))).toEqual([1]);
  });

  it('an invalid or unsupported regex matches nothing and is reported', () => {
    const b = book([entry(1, ['/(unclosed/'], 'x'), entry(2, ['/(a)\\1/'], 'y'), entry(3, ['/' + 'a'.repeat(400) + '/'], 'z')]);
    const r = run(b, chat('(unclosed aa ' + 'a'.repeat(400)));
    expect(fired(r)).toEqual([]);
    expect(r.warnings).toHaveLength(3);
  });

  it('finishes catastrophic patterns on long input (linear-time engine, capped input)', () => {
    const evil = ['/(a+)+$/', '/(a|a)*b/', '/(.*a){12}z/', '/(x+x+)+y/'];
    const b = book(evil.map((k, i) => entry(i, [k], 'x')));
    const r = run(b, chat('a'.repeat(50_000) + '!', 'x'.repeat(50_000)));
    expect(fired(r)).toEqual([]);
  });
});

describe('constants, enabled, content', () => {
  it('always inserts constants, never disabled entries, nothing for empty content', () => {
    const b = book([entry(1, [], 'always', { constant: true }), entry(2, ['dragon'], 'x', { enabled: false }), entry(3, ['dragon'], '  '), entry(4, [], 'never')]);
    const r = run(b, chat('dragon'));
    expect(fired(r)).toEqual([1]);
    expect(r.activated[0]!.reason).toEqual({ type: 'constant' });
  });
});
