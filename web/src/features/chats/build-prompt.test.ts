import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type CharacterRecord,
  type ChatRecord,
  type LorebookRecord,
  type MessageRecord,
} from '../../db/records';
import { blankBook, blankCard, blankEntry } from '../characters/blank-card';
import { activeLorebooks, buildPrompt, contextSizeFor, DEFAULT_CONTEXT, modelTokenizer } from './build-prompt';

const card = {
  ...blankCard('Mira'),
  description: '{{char}} keeps bees.',
  character_book: {
    ...blankBook(),
    entries: [{ ...blankEntry(10), name: 'Hive', keys: ['honey'], content: 'The hive is behind the mill.' }],
  },
};
const character: CharacterRecord = {
  id: 'c1',
  card,
  nameKey: 'mira',
  tagKeys: [],
  image: null,
  assets: [],
  origin: 'created',
  voice: null,
  createdAt: 0,
  updatedAt: 0,
  lastChatAt: 0,
};
const chat: ChatRecord = {
  id: 'chat1',
  characterId: 'c1',
  title: 't',
  createdAt: 0,
  updatedAt: 0,
  lorebookIds: [],
  sampling: {},
  personaId: null,
  preview: '',
  messageCount: 2,
};
const message = (seq: number, role: MessageRecord['role'], text: string): MessageRecord => ({
  id: `m${seq}`,
  chatId: 'chat1',
  seq,
  role,
  swipes: [{ text, createdAt: seq }],
  swipeIndex: 0,
  edits: [],
  createdAt: seq,
  updatedAt: seq,
});
const book = (id: string, scope: LorebookRecord['scope'], enabled: boolean): LorebookRecord => ({
  id,
  name: id,
  book: blankBook(),
  scope,
  enabled,
  createdAt: 0,
  updatedAt: 0,
});

describe('buildPrompt', () => {
  const base = {
    character,
    chat,
    persona: null,
    settings: DEFAULT_SETTINGS,
    lorebooks: [],
    contextSize: 2048,
    maxReplyTokens: 200,
    now: new Date(0),
  };

  it('fires a lorebook entry whose key is in the chat and says why', () => {
    const result = buildPrompt({
      ...base,
      history: [message(1, 'assistant', 'Hi.'), message(2, 'user', 'Where is the honey?')],
    });
    expect(result.lore.activated).toHaveLength(1);
    expect(result.lore.activated[0]?.reason).toMatchObject({ type: 'key', key: 'honey' });
    expect(result.messages.map((m) => m.content).join('\n')).toContain('The hive is behind the mill.');
    expect(result.messages.at(-1)).toEqual({ role: 'user', content: 'Where is the honey?' });
  });

  it('does not fire it without the key, and expands {{char}} and {{user}}', () => {
    const result = buildPrompt({ ...base, history: [message(1, 'user', 'Hello')] });
    expect(result.lore.activated).toHaveLength(0);
    const system = result.messages[0]?.content ?? '';
    expect(system).toContain('Mira keeps bees.');
    expect(system).toContain('Mira');
    expect(system).not.toContain('{{char}}');
  });

  it('drops the oldest messages first when the context is small', () => {
    const history = Array.from({ length: 60 }, (_, i) =>
      message(i + 1, i % 2 ? 'assistant' : 'user', `message number ${i + 1} with some words to fill the budget`),
    );
    const result = buildPrompt({ ...base, history, contextSize: 512 });
    expect(result.dropped.historyMessages).toBeGreaterThan(0);
    expect(result.messages.at(-1)?.content).toContain('message number 60');
    expect(result.tokens.total).toBeLessThanOrEqual(512);
  });
});

describe('activeLorebooks', () => {
  it('uses enabled global books and the books bound to the chat', () => {
    const books = [
      book('g-on', 'global', true),
      book('g-off', 'global', false),
      book('bound', 'chat', false),
      book('other', 'chat', false),
    ];
    expect(activeLorebooks(books, { ...chat, lorebookIds: ['bound'] }).map((b) => b.id)).toEqual(['g-on', 'bound']);
  });
});

describe('contextSizeFor', () => {
  it('caps catalog models at the browser budget and knows a default', () => {
    expect(contextSizeFor('qwen2.5-0.5b-instruct-onnx')).toBe(8192);
    expect(contextSizeFor('someone/unknown')).toBe(DEFAULT_CONTEXT);
  });
});

describe('modelTokenizer', () => {
  const src = {
    character,
    chat,
    persona: null,
    settings: DEFAULT_SETTINGS,
    lorebooks: [],
    contextSize: 2048,
    maxReplyTokens: 200,
    now: new Date(0),
    history: [message(1, 'user', 'Where is the honey?')],
  };

  it("budgets with the model's own counts, asked for in one call", async () => {
    const calls: number[] = [];
    // A model whose tokenizer gives every text 3 tokens per character: far more than the estimate.
    const tokenizer = await modelTokenizer(
      src,
      async (texts) => (calls.push(texts.length), texts.map((t) => t.length * 3)),
    );
    expect(calls).toHaveLength(1);
    const estimated = buildPrompt(src);
    const measured = buildPrompt({ ...src, tokenizer });
    expect(measured.tokens.description).toBe('Mira keeps bees.'.length * 3);
    expect(measured.tokens.total).toBeGreaterThan(estimated.tokens.total);
  });

  it('is undefined (the estimate is used) when the engine cannot count', async () => {
    expect(await modelTokenizer(src, async () => null)).toBeUndefined();
  });
});
