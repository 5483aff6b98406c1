import { describe, expect, it } from 'vitest';
import { chatRequestSchema, modelIdSchema } from './chat-api';

describe('chat API schemas', () => {
  it('accepts what the remote engine sends: messages, a model and partial options', () => {
    const parsed = chatRequestSchema.parse({ messages: [{ role: 'user', content: 'Hi' }], model: 'ollama/llama3.2:8b', options: { temperature: 0 } });
    expect(parsed.model).toBe('ollama/llama3.2:8b');
    expect(parsed.options?.temperature).toBe(0);
    expect(chatRequestSchema.safeParse({ messages: [{ role: 'user', content: 'Hi' }] }).success).toBe(true);
  });

  it('refuses empty conversations, unknown roles, bad options and odd model ids', () => {
    for (const bad of [
      { messages: [] },
      { messages: [{ role: 'tool', content: 'x' }] },
      { messages: [{ role: 'user', content: 'x' }], options: { topP: 0 } },
      { messages: [{ role: 'user', content: 'x' }], options: { stop: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] } },
    ]) {
      expect(chatRequestSchema.safeParse(bad).success).toBe(false);
    }
    for (const id of ['', 'a b', '../x\u0000', 'x'.repeat(201), '<script>']) expect(modelIdSchema.safeParse(id).success).toBe(false);
  });
});
