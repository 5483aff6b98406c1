import { describe, expect, it } from 'vitest';
import { readCardJson } from '../cards/read';
import { book, entry } from '../lorebook/test-helpers';
import { assemblePrompt } from '../prompt/assemble';
import { chatPreviewRequestSchema, chatPreviewResponseSchema } from './cards';

describe('card schemas', () => {
  it('accept a preview request and refuse malformed ones', () => {
    expect(chatPreviewRequestSchema.safeParse({ characterId: 'c1', messages: [{ role: 'user', content: 'hi' }] }).success).toBe(true);
    expect(chatPreviewRequestSchema.safeParse({ characterId: 'c1', messages: [{ role: 'wizard', content: 'hi' }] }).success).toBe(false);
    expect(chatPreviewRequestSchema.safeParse({ characterId: '', messages: [] }).success).toBe(false);
  });

  it('describe what assemblePrompt returns', () => {
    const card = readCardJson(JSON.stringify({ spec: 'chara_card_v2', spec_version: '2.0', data: { name: 'A', character_book: book([entry(1, ['x'], 'lore')]) } })).card;
    const result = assemblePrompt({ card: card.data, history: [{ role: 'user', content: 'x' }], settings: { systemPrompt: 's' }, contextSize: 4096, chatId: 'c' });
    const parsed = chatPreviewResponseSchema.safeParse(result);
    expect(parsed.success).toBe(true);
  });
});
