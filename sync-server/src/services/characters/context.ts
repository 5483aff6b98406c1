// The active character in chat: core's prompt assembly for the chat routes (ChatContextProvider) and the prompt inspector.
import type { ChatPreviewRequest, ChatPreviewResponse } from '@companion/core/schemas';
import { assemblePrompt, type ChatMessage, type PromptResult, type PromptSettings } from '@companion/core/prompt';
import type { Card } from '@companion/core/cards';
import { PromptTooLargeError } from '@companion/core/macros';
import { AppError } from '../../errors.ts';
import type { AuthUser } from '../../auth-module.ts';
import type { Clock } from '../../clock.ts';
import type { ChatContextProvider } from '../../inference/index.ts';
import type { CharacterService } from './service.ts';

/** Like SillyTavern's default main prompt; a card's own system_prompt replaces it ({{original}} brings it back). */
export const DEFAULT_SYSTEM_PROMPT = "Write {{char}}'s next reply in a fictional chat between {{char}} and {{user}}.";

/** The chat routes do not say which model's window applies, so assembly plans for a common small one. */
export const DEFAULT_CONTEXT_SIZE = 8192;

export interface CharacterContextOptions {
  characters: CharacterService;
  clock: Clock;
  settings?: Partial<PromptSettings>;
  contextSize?: number;
  /** Characters the macro expansions of one prompt may produce (core's default when absent). */
  maxPromptChars?: number;
}

export interface CharacterContext {
  /** For createInference({context}): chat with the user's active character; without one, messages pass through. */
  provider: ChatContextProvider;
  /** POST /api/chat/preview: what the model would receive, without calling it. */
  preview(user: AuthUser, request: ChatPreviewRequest): Promise<ChatPreviewResponse>;
}

export function createCharacterContext(opts: CharacterContextOptions): CharacterContext {
  const settings: PromptSettings = { systemPrompt: DEFAULT_SYSTEM_PROMPT, ...opts.settings };
  const contextSize = opts.contextSize ?? DEFAULT_CONTEXT_SIZE;

  const assemble = (card: Card, characterId: string, userId: string, userName: string, messages: readonly ChatMessage[]): PromptResult => {
    // A client's leading system messages are its global system prompt: the card's system_prompt replaces them
    // ({{original}} brings them back) instead of them landing in the history after the character definition.
    const lead = messages.findIndex((m) => m.role !== 'system');
    const leading = lead === -1 ? messages : messages.slice(0, lead);
    const history = lead === -1 ? [] : messages.slice(lead);
    const systemPrompt = leading.length > 0 ? leading.map((m) => m.content).join('\n\n') : settings.systemPrompt;
    try {
      return assemblePrompt({
        card: card.data,
        persona: { name: userName },
        history,
        settings: { ...settings, systemPrompt },
        contextSize,
        // Per user and character: {{pick}} stays stable across the turns of this conversation.
        chatId: `${userId}:${characterId}`,
        now: new Date(opts.clock.now()),
        maxPromptChars: opts.maxPromptChars,
      });
    } catch (error) {
      // The client's text, repeated by the card's macros, made the prompt too big: the request's fault, so a 413.
      if (error instanceof PromptTooLargeError) throw new AppError('PROMPT_TOO_LARGE', 413, error.message);
      throw error;
    }
  };

  return {
    provider: {
      async assemble({ user, messages }) {
        const active = await opts.characters.activeCard(user.id);
        if (!active) return messages;
        return assemble(active.card, active.id, user.id, user.username, messages).messages;
      },
    },

    async preview(user, request) {
      const card = await opts.characters.loadCard(user.id, request.characterId, false);
      const r = assemble(card, request.characterId, user.id, request.userName ?? user.username, request.messages);
      return {
        messages: r.messages,
        lore: {
          activated: r.lore.activated.map((a) => ({
            uid: a.uid,
            bookId: a.bookId,
            entryIndex: a.entryIndex,
            position: a.position,
            depth: a.depth,
            role: a.role,
            tokens: a.tokens,
            reason: a.reason,
          })),
          rejected: r.lore.rejected,
          warnings: r.lore.warnings,
        },
        tokens: r.tokens,
        dropped: r.dropped,
        warnings: r.warnings,
      };
    },
  };
}
