// Types of the lorebook engine: books in, activated entries with reasons and the per-chat timed state out.
import type { LoreEntry, Lorebook } from '../cards/types';
import type { Random } from '../macros/rng';
import type { Tokenizer } from '../tokenizer';

/** Where an entry goes: the V2 positions, SillyTavern's extra ones, and the V3 `@@position` targets. */
export type LorePosition =
  | 'before_char'
  | 'after_char'
  | 'personality'
  | 'scenario'
  | 'an_top'
  | 'an_bottom'
  | 'at_depth'
  | 'em_top'
  | 'em_bottom'
  | 'outlet';

export type LoreRole = 'system' | 'user' | 'assistant';

export interface LoreBookInput {
  /** Stable id of the book (the timed state is keyed by it). */
  id: string;
  book: Lorebook;
  /** The character's own book: its entries come first when orders tie. */
  isCharacter?: boolean;
}

export interface ScanMessage {
  role?: LoreRole;
  content: string;
}

/** Per chat, per entry: when it last fired and until when sticky/cooldown hold (turn = messages in the chat). */
export interface LoreEntryState {
  start: number;
  stickyUntil?: number;
  cooldownUntil?: number;
  /** For @@keep_activate_after_match and @@dont_activate_after_match. */
  fired?: boolean;
}

export interface LoreState {
  entries: Record<string, LoreEntryState>;
}

export interface RegexLimits {
  /** Longest regex key accepted; longer ones match nothing. */
  maxPatternLength: number;
  /** Only the last this-many characters of each scanned text are given to a regex key. */
  maxInputLength: number;
  /**
   * Regex work one activation may do, in units of (pattern weight × characters scanned); see regexWeight. Past it
   * the remaining regex tests match nothing and a warning says so. RE2 is linear, but 200 keys on 10,000
   * characters still add up: this keeps one request's matching to tens of milliseconds.
   */
  maxRegexWork: number;
}

export interface LoreScanInput {
  /** The character's book first, then the user's global books. */
  books: readonly LoreBookInput[];
  /** The chat, oldest first. */
  messages: readonly ScanMessage[];
  /** Always scanned, like the newest message: {{hidden_key}} values, for example. */
  extraScanText?: readonly string[];
  tokenizer?: Tokenizer;
  /** Overall lore budget in tokens, on top of each book's own token_budget. */
  tokenBudget?: number;
  /** Used when a book has no scan_depth. */
  defaultScanDepth?: number;
  /** Most recursion passes over activated entries' content. */
  maxRecursionSteps?: number;
  random?: Random;
  state?: LoreState;
  /** The chat's turn for sticky/cooldown/delay; the number of messages when absent. */
  turn?: number;
  regexLimits?: Partial<RegexLimits>;
  /** SillyTavern's global defaults, used when an entry does not say. */
  defaults?: { caseSensitive?: boolean; matchWholeWords?: boolean };
}

export type ActivationReason =
  | { type: 'constant' }
  | { type: 'decorator'; decorator: 'activate' | 'keep_activate_after_match' }
  | { type: 'sticky'; since: number }
  | {
      type: 'key';
      key: string;
      secondaryKey?: string;
      /** 'message' with the index into input messages, 'extra' for extraScanText, 'recursion' with the entry whose content matched. */
      source: 'message' | 'extra' | 'recursion';
      messageIndex?: number;
      fromEntry?: string;
    };

export interface LoreActivation {
  uid: string;
  bookId: string;
  entryIndex: number;
  entry: LoreEntry;
  /** Content without decorators (macros are the prompt builder's job). */
  content: string;
  position: LorePosition;
  depth: number;
  role: LoreRole;
  outlet?: string;
  order: number;
  priority: number;
  tokens: number;
  reason: ActivationReason;
}

export type RejectionReason =
  | 'probability'
  | 'group'
  | 'budget'
  | 'cooldown'
  | 'delay'
  | 'activate_only_after'
  | 'activate_only_every'
  | 'exclude_keys'
  | 'dont_activate_after_match';

export interface LoreRejection {
  uid: string;
  bookId: string;
  entryIndex: number;
  reason: RejectionReason;
  detail?: string;
}

export interface LoreResult {
  /** In insertion order: lower insertion_order first, the character's book first on ties. */
  activated: LoreActivation[];
  /** Entries that were triggered but left out, and why. */
  rejected: LoreRejection[];
  state: LoreState;
  tokens: number;
  warnings: string[];
}
