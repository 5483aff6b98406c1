import { describe, expect, it } from 'vitest';
import { readCardJson } from '../cards/read';
import type { CardData } from '../cards/types';
import { book, entry } from '../lorebook/test-helpers';
import { DEFAULT_USER_NAME, macroContext } from '../macros/engine';
import { assemblePrompt } from './assemble';
import { greetings } from './greetings';
import type { ChatMessage, PromptInput } from './types';

const card = (more: Record<string, unknown> = {}): CardData =>
  readCardJson(
    JSON.stringify({
      spec: 'chara_card_v3',
      spec_version: '3.0',
      data: { name: 'Annabel', description: 'DESC {{char}} and {{user}}', personality: 'PERS', scenario: 'SCEN', creator_notes: 'CREATOR NOTES', first_mes: 'Hello {{user}}', group_only_greetings: [], ...more },
    }),
  ).card.data;

const words = { count: (t: string) => (t.trim() === '' ? 0 : t.trim().split(/\s+/).length) };
const history = (n: number): ChatMessage[] => Array.from({ length: n }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `message number ${i}` }));
const build = (more: Partial<PromptInput> = {}) =>
  assemblePrompt({ card: card(), history: history(2), settings: { systemPrompt: 'GLOBAL SYS', postHistoryInstructions: 'GLOBAL POST', responseTokens: 0 }, contextSize: 10_000, chatId: 'c1', tokenizer: words, persona: { name: 'Bob', description: 'PERSONA' }, ...more });
const all = (r: ReturnType<typeof build>) => r.messages.map((m) => m.content).join('\n');

describe('system prompt and post-history instructions', () => {
  it('uses the global prompt when the card has none', () => {
    const r = build();
    expect(r.messages[0]!.content.startsWith('GLOBAL SYS')).toBe(true);
    expect(r.messages.at(-1)).toEqual({ role: 'system', content: 'GLOBAL POST' });
  });

  it('lets the card replace them, {{original}} bringing back what it replaced', () => {
    const r = build({ card: card({ system_prompt: 'CARD SYS then {{original}}', post_history_instructions: '{{original}} + CARD POST' }) });
    expect(r.messages[0]!.content.startsWith('CARD SYS then GLOBAL SYS')).toBe(true);
    expect(r.messages.at(-1)!.content).toBe('GLOBAL POST + CARD POST');
  });

  it('expands {{original}} nowhere else, and ignores card prompts when told to', () => {
    const r = build({ card: card({ description: 'D {{original}} D', system_prompt: 'CARD' }), settings: { systemPrompt: 'GLOBAL SYS', preferCardPrompts: false } });
    expect(all(r)).not.toContain('CARD');
    expect(all(r)).toContain('D  D');
    expect(all(r).match(/GLOBAL SYS/g)).toHaveLength(1);
  });
});

describe('character definition', () => {
  it('sends description, personality, scenario and persona with macros, never creator_notes', () => {
    const r = build();
    const sys = r.messages[0]!.content;
    expect(sys).toContain('DESC Annabel and Bob');
    expect(sys).toContain("Annabel's personality: PERS");
    expect(sys).toContain('Scenario: SCEN');
    expect(sys).toContain('PERSONA');
    expect(all(r)).not.toContain('CREATOR NOTES');
  });

  it('falls back to the default user name without a persona', () => {
    expect(build({ persona: undefined }).messages[0]!.content).toContain(`DESC Annabel and ${DEFAULT_USER_NAME}`);
  });

  it('uses the V3 nickname for {{char}}', () => {
    expect(build({ card: card({ nickname: 'Bel' }) }).messages[0]!.content).toContain('DESC Bel and Bob');
  });

  it('keeps {{comment}} text out of the prompt and hands it back', () => {
    const r = build({ card: card({ description: 'D{{comment:for you}}' }) });
    expect(all(r)).not.toContain('for you');
    expect(r.comments).toEqual(['for you']);
  });
});

describe('fitting the context', () => {
  const examples = '<START>\n{{user}}: ex one\n{{char}}: reply one\n<START>\n{{user}}: ex two\n{{char}}: reply two';
  const base = { card: card({ mes_example: examples }), settings: { systemPrompt: 'S', messageOverhead: 0, responseTokens: 0 } };

  it('includes example blocks when there is room', () => {
    const r = build({ ...base, contextSize: 1000 });
    expect(r.messages[1]!.content).toContain('Bob: ex one');
    expect(r.messages[1]!.content).toContain('Annabel: reply two');
    expect(r.dropped.exampleBlocks).toBe(0);
  });

  it('drops example dialogues before any history', () => {
    const full = build({ ...base, contextSize: 1000, history: history(6) });
    const tight = build({ ...base, contextSize: full.tokens.total - 3, history: history(6) });
    expect(tight.dropped.exampleBlocks).toBeGreaterThan(0);
    expect(tight.dropped.historyMessages).toBe(0);
  });

  it('trims history oldest first and stays within the budget', () => {
    const r = build({ ...base, contextSize: 60, history: history(30) });
    expect(r.dropped.exampleBlocks).toBe(2);
    expect(r.dropped.historyMessages).toBeGreaterThan(0);
    const kept = r.messages.filter((m) => m.content.startsWith('message number'));
    expect(kept.at(-1)!.content).toBe('message number 29');
    const numbers = kept.map((m) => Number(m.content.split(' ')[2]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers[0]).toBe(30 - kept.length);
    expect(r.tokens.total).toBeLessThanOrEqual(r.tokens.budget);
  });

  it('stays within the budget with a tokenizer that is not additive', () => {
    // Longer texts cost more per character, so parts joined cost more than the parts counted apart.
    const priced = { count: (t: string) => Math.ceil(t.length ** 1.2 / 4) };
    for (let contextSize = 150; contextSize < 600; contextSize += 7) {
      const r = build({ ...base, contextSize, history: history(30), tokenizer: priced });
      expect(r.warnings).toEqual([]);
      expect(r.tokens.total).toBeLessThanOrEqual(r.tokens.budget);
    }
  });

  it('reserves tokens for the reply', () => {
    const a = build({ ...base, contextSize: 100, history: history(30), settings: { ...base.settings, responseTokens: 0 } });
    const b = build({ ...base, contextSize: 100, history: history(30), settings: { ...base.settings, responseTokens: 40 } });
    expect(b.dropped.historyMessages).toBeGreaterThan(a.dropped.historyMessages);
    expect(b.tokens.budget).toBe(60);
  });

  it('reports tokens per part, counted with the given tokenizer', () => {
    const r = build();
    expect(r.tokens.description).toBe(4);
    expect(r.tokens.history).toBe(6);
    expect(r.tokens.post_history).toBe(2);
    expect(r.tokens.total).toBe(r.messages.reduce((n, m) => n + words.count(m.content) + 4, 0));
  });
});

describe('lore in the prompt', () => {
  const lore = book([
    entry('before', ['dragon'], 'LORE-BEFORE', { position: 'before_char' }),
    entry('after', ['dragon'], 'LORE-AFTER {{char}}', { position: 'after_char' }),
    entry('deep', ['dragon'], 'LORE-DEPTH', { extensions: { position: 4, depth: 1, role: 2 } }),
    entry('em', ['dragon'], 'LORE-EM', { extensions: { position: 5 } }),
    entry('outlet', ['dragon'], 'LORE-OUT', { extensions: { position: 7, outlet_name: 'side' } }),
    entry('never', ['unicorn'], 'LORE-NEVER'),
  ]);
  const msgs: ChatMessage[] = [
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'hello' },
    { role: 'user', content: 'a dragon!' },
  ];

  it('places each entry at its position and reports why it fired', () => {
    const r = build({ card: card({ character_book: lore }), history: msgs });
    const sys = r.messages[0]!.content;
    expect(sys.indexOf('LORE-BEFORE')).toBeLessThan(sys.indexOf('DESC'));
    expect(sys.indexOf('LORE-AFTER Annabel')).toBeGreaterThan(sys.indexOf('Scenario'));
    expect(r.messages[1]!.content).toContain('LORE-EM');
    const depthAt = r.messages.findIndex((m) => m.content === 'LORE-DEPTH');
    expect(r.messages[depthAt]!.role).toBe('assistant');
    expect(r.messages[depthAt + 1]!.content).toBe('a dragon!');
    expect(all(r)).not.toContain('LORE-OUT');
    expect(r.outlets).toEqual({ side: ['LORE-OUT'] });
    expect(all(r)).not.toContain('LORE-NEVER');
    expect(r.lore.activated.map((a) => a.uid)).toEqual(['character:before', 'character:after', 'character:deep', 'character:em', 'character:outlet']);
    expect(r.lore.activated[0]!.reason).toMatchObject({ type: 'key', key: 'dragon' });
    expect(r.tokens.lore).toBeGreaterThan(0);
  });

  it('puts the author\'s note at its depth, with an_top/an_bottom lore around it', () => {
    const r = build({ history: msgs, settings: { systemPrompt: 'S', authorsNote: 'NOTE', authorsNoteDepth: 2 } });
    const i = r.messages.findIndex((m) => m.content === 'NOTE');
    expect(r.messages[i + 1]!.content).toBe('hello');
    const an = book([entry('t', ['dragon'], 'AN-TOP', { extensions: { position: 2 } }), entry('b', ['dragon'], 'AN-BOTTOM', { extensions: { position: 3 } })]);
    const withLore = build({ card: card({ character_book: an }), history: msgs, settings: { systemPrompt: 'S', authorsNote: 'NOTE', authorsNoteDepth: 0 } });
    expect(withLore.messages.at(-1)!.content).toBe('AN-TOP\n\nNOTE\n\nAN-BOTTOM');
  });

  it('places personality and scenario lore after those fields, em_bottom after the examples', () => {
    const lb = book([
      entry('p', ['dragon'], '@@position personality\nP-LORE'),
      entry('s', ['dragon'], '@@position scenario\nS-LORE'),
      entry('e', ['dragon'], 'EM-BOTTOM', { extensions: { position: 6 } }),
    ]);
    const r = build({ card: card({ character_book: lb, mes_example: '<START>\nex' }), history: msgs });
    const sys = r.messages[0]!.content;
    expect(sys.indexOf('PERS')).toBeLessThan(sys.indexOf('P-LORE'));
    expect(sys.indexOf('P-LORE')).toBeLessThan(sys.indexOf('Scenario'));
    expect(sys.indexOf('SCEN')).toBeLessThan(sys.indexOf('S-LORE'));
    expect(r.messages[1]!.content.endsWith('EM-BOTTOM')).toBe(true);
    expect(r.messages[1]!.content.indexOf('ex')).toBeLessThan(r.messages[1]!.content.indexOf('EM-BOTTOM'));
  });

  it('adds the user\'s global books after the character book, and scans hidden keys', () => {
    const global = book([entry('g', ['secret'], 'GLOBAL-LORE')]);
    const r = build({ card: card({ description: 'D {{hidden_key:secret}}', character_book: book([entry('c', ['secret'], 'CHAR-LORE')]) }), lorebooks: [{ id: 'world', book: global }] });
    expect(all(r)).not.toContain('{{hidden_key');
    const sys = r.messages[0]!.content;
    expect(sys.indexOf('CHAR-LORE')).toBeLessThan(sys.indexOf('GLOBAL-LORE'));
    expect(r.lore.activated.map((a) => a.uid)).toEqual(['character:c', 'world:g']);
  });

  it('returns the lore state for the next turn', () => {
    const sticky = book([entry('s', ['dragon'], 'STICKY', { extensions: { sticky: 3 } })], { scan_depth: 1 });
    const first = build({ card: card({ character_book: sticky }), history: msgs });
    const next = build({ card: card({ character_book: sticky }), history: [...msgs, { role: 'assistant', content: 'ok' }], loreState: first.loreState });
    expect(all(next)).toContain('STICKY');
    expect(next.lore.activated[0]!.reason.type).toBe('sticky');
  });
});

describe('greetings', () => {
  it('offers first_mes with alternate greetings as swipes, group-only ones in groups', () => {
    const c = card({ alternate_greetings: ['Alt {{char}}'], group_only_greetings: ['Hi all'] });
    const ctx = macroContext({ chatId: 'c', char: 'Annabel', user: 'Bob' });
    expect(greetings(c, ctx).swipes).toEqual(['Hello Bob', 'Alt Annabel']);
    expect(greetings(c, ctx, { isGroup: true }).swipes).toEqual(['Hello Bob', 'Alt Annabel', 'Hi all']);
  });
});
