// The records the app keeps in IndexedDB: characters, lorebooks, chats, messages, personas, settings and the
// sync outbox. These types are the contract between the repositories (web/src/db) and the screens.
import type { LlmEngineKind, ModelRef } from '@companion/core/llm';
import type { CardData, CardSource, JsonObject, Lorebook } from '@companion/core/cards';

/** Milliseconds since the epoch. */
export type Millis = number;

/** A file that came packed with the card (CHARX asset), kept so export gives it back byte for byte. */
export interface CharacterAsset {
  /** Path inside the CHARX, e.g. `assets/icon/images/main.png`. */
  path: string;
  bytes: Uint8Array;
}

export interface CharacterRecord {
  id: string;
  /** The card as V3 data (core's superset model: unknown keys kept in `extra`/`extensions`). */
  card: CardData;
  /** Copies of card fields for the indexes: `name` lowercased for sorting and search, tags lowercased. */
  nameKey: string;
  tagKeys: string[];
  /** The portrait (the PNG the card came in, or one the user chose); null means the generated default. */
  image: Blob | null;
  assets: CharacterAsset[];
  /** Where the card came from (`png`, `json`, `charx`, `starter`, `created`), for the library's details. */
  origin: string;
  /** Spec and container of the imported file (absent for cards made in the app). */
  source?: CardSource;
  /** Unknown top-level keys of the imported file (SillyTavern's V1 copies...), written back on export. */
  extraTop?: JsonObject;
  /** A cloned voice (`clone:<voiceId>`, `espeak:<voice>`, `server:...`) the chat speaks this character with. */
  voice: string | null;
  createdAt: Millis;
  updatedAt: Millis;
  /** Time of the newest message in any of its chats; 0 before the first chat. Sorts the library. */
  lastChatAt: Millis;
}

export type LorebookScope = 'global' | 'chat';

/** A standalone lorebook (world info file): global (used by every chat while enabled) or bound to chats. */
export interface LorebookRecord {
  id: string;
  name: string;
  book: Lorebook;
  scope: LorebookScope;
  /** For global books: used in every chat. */
  enabled: boolean;
  createdAt: Millis;
  updatedAt: Millis;
}

/** Sampling settings; a chat's own values override the global defaults field by field. */
export interface SamplingSettings {
  temperature: number;
  topP: number;
  topK: number;
  repetitionPenalty: number;
  maxTokens: number;
  stop: string[];
}

export interface ChatRecord {
  id: string;
  characterId: string;
  title: string;
  createdAt: Millis;
  updatedAt: Millis;
  /** Standalone lorebooks bound to this chat (global ones apply anyway). */
  lorebookIds: string[];
  /** Overrides of the global sampling defaults. */
  sampling: Partial<SamplingSettings>;
  personaId: string | null;
  /** The last message's text (shortened), for the chat list. */
  preview: string;
  messageCount: number;
  /** Per-chat state the prompt assembler carries between turns (lore timers, {{setvar}} variables). */
  loreState?: unknown;
  vars?: Record<string, string>;
  /** Set when this chat was branched from another. */
  branchedFrom?: { chatId: string; messageId: string };
}

/** How a reply was made, kept with it. */
export interface ReplyTimings {
  firstTokenMs?: number;
  firstSentenceMs?: number;
  firstAudioMs?: number;
  tokensPerSecond?: number;
  totalMs?: number;
  tokens?: number;
}

export interface Swipe {
  text: string;
  createdAt: Millis;
  /** The model that wrote it (`engine:model id`), absent for the user's own text and greetings. */
  model?: string;
  timings?: ReplyTimings;
}

export type MessageRole = 'user' | 'assistant' | 'system';

export interface MessageRecord {
  id: string;
  chatId: string;
  /** Position in the chat: strictly increasing, gaps allowed. */
  seq: number;
  role: MessageRole;
  /** At least one; the shown text is `swipes[swipeIndex].text`. */
  swipes: Swipe[];
  swipeIndex: number;
  /** Earlier texts of edited swipes, newest last. */
  edits: { text: string; at: Millis; swipeIndex: number }[];
  createdAt: Millis;
  updatedAt: Millis;
}

export interface PersonaRecord {
  id: string;
  name: string;
  description: string;
  avatar: Blob | null;
  createdAt: Millis;
  updatedAt: Millis;
}

/** Key-value settings: `global` (AppSettings) and `chat:<id>` kinds; values are plain JSON. */
export interface SettingRecord {
  key: string;
  value: unknown;
  updatedAt: Millis;
}

export type OutboxOperation = 'put' | 'delete';

/** One change for sync to push, written in the same transaction as the change itself. */
export interface OutboxRecord {
  /** Auto-incremented: the order changes were made in. */
  seq?: number;
  id: string;
  table: string;
  key: string;
  op: OutboxOperation;
  at: Millis;
}

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface AppSettings {
  theme: ThemeChoice;
  activePersonaId: string | null;
  sampling: SamplingSettings;
  /** The model loaded last, loaded again on the next visit without asking. */
  lastModel: { engine: LlmEngineKind; model: ModelRef; downloadBytes: number | null } | null;
  /** `moodTags`: ask the model for emotion tags, shown as the avatar's expression and stripped from the text (default on). */
  speech: { speakReplies: boolean; voice: string; moodTags?: boolean };
  systemPrompt: string;
  /** Whether persistent storage was already asked for (asked once, at the first real data). */
  persistAsked: boolean;
}

export const DEFAULT_SAMPLING: SamplingSettings = {
  temperature: 0.8,
  topP: 0.95,
  topK: 40,
  repetitionPenalty: 1.1,
  maxTokens: 300,
  stop: [],
};

export const DEFAULT_SETTINGS: AppSettings = {
  theme: 'system',
  activePersonaId: null,
  sampling: DEFAULT_SAMPLING,
  lastModel: null,
  speech: { speakReplies: false, voice: 'espeak:' },
  systemPrompt:
    "Write {{char}}'s next reply in a fictional chat between {{char}} and {{user}}. Stay in character, keep replies natural and not too long.",
  persistAsked: false,
};
