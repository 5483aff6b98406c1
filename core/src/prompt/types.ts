// Input and output of prompt assembly: what a chat model receives, what fired in the lorebook, what each part cost.
import type { CardData } from '../cards/types';
import type { LoreActivation, LoreBookInput, LoreRejection, LoreState } from '../lorebook/types';
import type { Random } from '../macros/rng';
import type { Tokenizer } from '../tokenizer';

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
  /** Unix milliseconds, for {{idle_duration}}. */
  sendDate?: number;
}

export interface Persona {
  name: string;
  description?: string;
}

export interface PromptSettings {
  /** The app's global system prompt; a card's non-empty system_prompt replaces it ({{original}} brings it back). */
  systemPrompt: string;
  /** The instruction placed after the history; a card's post_history_instructions replaces it likewise. */
  postHistoryInstructions?: string;
  /** Use the card's system prompt and post-history instructions (default true). */
  preferCardPrompts?: boolean;
  authorsNote?: string;
  /** Messages from the end where the author's note goes (default 4). */
  authorsNoteDepth?: number;
  /** Tokens kept free for the reply (default 512). */
  responseTokens?: number;
  /** Tokens lore may use at most (default a quarter of the context). */
  loreBudget?: number;
  /** Scan depth for books without one. */
  scanDepth?: number;
  /** Tokens a chat template adds per message (default 4). */
  messageOverhead?: number;
  timeZone?: string;
  locale?: string;
}

export interface PromptInput {
  card: CardData;
  persona?: Persona;
  /** The chat, oldest first, greeting included. */
  history: readonly ChatMessage[];
  settings: PromptSettings;
  /** The user's active global lorebooks (the card's own book is added first automatically). */
  lorebooks?: readonly LoreBookInput[];
  contextSize: number;
  tokenizer?: Tokenizer;
  chatId: string;
  /** Per-chat lore timers from the previous call. */
  loreState?: LoreState;
  /** Per-chat macro variables ({{setvar}}) from the previous call. */
  vars?: Record<string, string>;
  /** Randomness for {{random}}, {{roll}} and lore probability/groups; seeded from the chat when absent. */
  random?: Random;
  now?: Date;
  isGroup?: boolean;
  /**
   * Characters all macro expansions of this prompt may produce together (default DEFAULT_MACRO_OUTPUT_CHARS);
   * past it assembly throws PromptTooLargeError (code PROMPT_TOO_LARGE).
   */
  maxPromptChars?: number;
}

export type PromptPart =
  | 'system_prompt'
  | 'description'
  | 'personality'
  | 'scenario'
  | 'persona'
  | 'lore'
  | 'examples'
  | 'authors_note'
  | 'history'
  | 'post_history';

export interface PromptMessage {
  role: Role;
  content: string;
}

export interface PromptResult {
  messages: PromptMessage[];
  /** Tokens per part (message overhead excluded) and the total the messages cost (overhead included). */
  tokens: Record<PromptPart, number> & { total: number; budget: number };
  lore: { activated: LoreActivation[]; rejected: LoreRejection[]; warnings: string[] };
  /** Outlet lore (SillyTavern position 7) by outlet name: not inserted, for the app to place. */
  outlets: Record<string, string[]>;
  loreState: LoreState;
  vars: Record<string, string>;
  dropped: { exampleBlocks: number; historyMessages: number };
  /** {{comment}} texts found in the card fields: for the user, never sent. */
  comments: string[];
  warnings: string[];
}
