// Builds the prompt for the next reply from what is stored: the card, the persona, the lorebooks and the newest
// messages, assembled by core within the loaded model's context window.
import { assemblePrompt, type ChatMessage as PromptHistoryMessage, type PromptResult } from '@companion/core/prompt';
import type { LoreBookInput, LoreState } from '@companion/core/lorebook';
import { approxTokenizer, type Tokenizer } from '@companion/core/tokenizer';
import { bundledCatalog } from '@companion/models/catalog-static';
import type {
  AppSettings,
  CharacterRecord,
  ChatRecord,
  LorebookRecord,
  MessageRecord,
  PersonaRecord,
} from '../../db/records';

/** Context used when the model's own is unknown; browser models rarely have memory for more. */
export const DEFAULT_CONTEXT = 4096;
/** Longer contexts cost memory and time in the browser; the app plans within this many tokens. */
export const MAX_BROWSER_CONTEXT = 8192;

export function contextSizeFor(modelId: string | undefined): number {
  const entry = bundledCatalog.find((m) => m.id === modelId || ('source' in m && m.source.repo === modelId));
  const length = entry?.contextLength ?? DEFAULT_CONTEXT;
  return Math.min(length, MAX_BROWSER_CONTEXT);
}

export const shownText = (m: MessageRecord): string => m.swipes[m.swipeIndex]?.text ?? '';

export function toHistory(list: readonly MessageRecord[]): PromptHistoryMessage[] {
  return list.map((m) => ({ role: m.role, content: shownText(m), sendDate: m.createdAt }));
}

export interface PromptSources {
  character: CharacterRecord;
  chat: ChatRecord;
  persona: PersonaRecord | null;
  settings: AppSettings;
  lorebooks: readonly LorebookRecord[];
  history: readonly MessageRecord[];
  contextSize: number;
  tokenizer?: Tokenizer;
  maxReplyTokens: number;
  now?: Date;
}

/** The user's global books that are switched on, plus the books bound to this chat. */
export function activeLorebooks(all: readonly LorebookRecord[], chat: ChatRecord): LoreBookInput[] {
  return all
    .filter((b) => (b.scope === 'global' && b.enabled) || chat.lorebookIds.includes(b.id))
    .map((b) => ({ id: b.id, book: b.book }));
}

/**
 * A tokenizer with the loaded model's own counts. Prompt assembly counts synchronously and the model's tokenizer
 * lives in the worker, so a first assembly with the estimate collects every text it measured, the worker counts them
 * in one call, and the real assembly reads those counts (a text not seen the first time falls back to the estimate).
 */
export async function modelTokenizer(
  src: Omit<PromptSources, 'tokenizer'>,
  count: (texts: readonly string[]) => Promise<number[] | null>,
): Promise<Tokenizer | undefined> {
  const seen = new Set<string>();
  buildPrompt({ ...src, tokenizer: { count: (text) => (seen.add(text), approxTokenizer.count(text)) } });
  const texts = [...seen];
  const counts = await count(texts);
  if (!counts) return undefined;
  const known = new Map(texts.map((text, i) => [text, counts[i] ?? approxTokenizer.count(text)]));
  return { count: (text) => known.get(text) ?? approxTokenizer.count(text) };
}

export function buildPrompt(src: PromptSources): PromptResult {
  return assemblePrompt({
    card: src.character.card,
    persona: src.persona ? { name: src.persona.name, description: src.persona.description } : { name: 'User' },
    history: toHistory(src.history),
    settings: { systemPrompt: src.settings.systemPrompt, responseTokens: src.maxReplyTokens },
    lorebooks: activeLorebooks(src.lorebooks, src.chat),
    contextSize: src.contextSize,
    tokenizer: src.tokenizer,
    chatId: src.chat.id,
    loreState: src.chat.loreState as LoreState | undefined,
    vars: src.chat.vars,
    now: src.now,
  });
}
