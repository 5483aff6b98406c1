// Prompt assembly: character, persona, lore, examples and history fitted into the model's context, oldest history out first.
import type { LoreBookInput, LoreActivation, LorePosition, LoreResult } from '../lorebook/types';
import { activateLore } from '../lorebook/engine';
import { expandMacros, macroContext, type MacroContext } from '../macros/engine';
import { DEFAULT_MACRO_OUTPUT_CHARS, type MacroBudget } from '../macros/scan';
import { seededRandom } from '../macros/rng';
import { approxTokenizer, cachedTokenizer, type Tokenizer } from '../tokenizer';
import { type CardText, expandCardText } from './card-text';
import { formatExamples } from './examples';
import { type Block, type FitResult, fitToBudget, insertAtDepth } from './fit';
import type { PromptInput, PromptMessage, PromptPart, PromptResult } from './types';

const join = (parts: readonly string[]): string => parts.filter((p) => p.trim() !== '').join('\n\n');

function lorePlaced(lore: LoreResult, ctx: MacroContext, budget: MacroBudget): Map<LorePosition, LoreActivation[]> {
  const map = new Map<LorePosition, LoreActivation[]>();
  for (const a of lore.activated) {
    const expanded = { ...a, content: expandMacros(a.content, { ...ctx, field: `lore:${a.uid}` }, budget).text };
    map.set(a.position, [...(map.get(a.position) ?? []), expanded]);
  }
  return map;
}

const texts = (list: LoreActivation[] | undefined): string[] => (list ?? []).map((a) => a.content);

function systemText(t: CardText, at: Map<LorePosition, LoreActivation[]>, charName: string): string {
  return join([
    t.systemPrompt,
    ...texts(at.get('before_char')),
    t.description,
    t.personality ? `${charName}'s personality: ${t.personality}` : '',
    ...texts(at.get('personality')),
    t.scenario ? `Scenario: ${t.scenario}` : '',
    ...texts(at.get('scenario')),
    ...texts(at.get('after_char')),
    t.persona,
  ]);
}

function runLore(input: PromptInput, hiddenKeys: string[], tokenizer: Tokenizer, ctx: MacroContext): LoreResult {
  const book = input.card.character_book;
  const books: LoreBookInput[] = [...(book ? [{ id: 'character', book, isCharacter: true }] : []), ...(input.lorebooks ?? [])];
  return activateLore({
    books,
    messages: input.history,
    extraScanText: hiddenKeys,
    tokenizer,
    tokenBudget: input.settings.loreBudget ?? Math.floor(input.contextSize / 4),
    defaultScanDepth: input.settings.scanDepth,
    random: ctx.random,
    state: input.loreState,
  });
}

function makeContext(input: PromptInput): MacroContext {
  const s = input.settings;
  return macroContext({
    chatId: input.chatId,
    char: input.card.nickname?.trim() || input.card.name,
    user: input.persona?.name?.trim() || undefined,
    random: input.random ?? seededRandom(`${input.chatId}:${input.history.length}`),
    messages: input.history,
    vars: { ...input.vars },
    now: input.now ?? new Date(),
    timeZone: s.timeZone,
    locale: s.locale,
  });
}

function loreTokens(lore: LoreActivation[][], tokenizer: Tokenizer): number {
  return lore.flat().reduce((n, a) => n + tokenizer.count(a.content), 0);
}

function countParts(text: CardText, at: Map<LorePosition, LoreActivation[]>, fit: FitResult, note: string, tokenizer: Tokenizer): Record<PromptPart, number> {
  const count = (s: string): number => tokenizer.count(s);
  return {
    system_prompt: count(text.systemPrompt),
    description: count(text.description),
    personality: count(text.personality),
    scenario: count(text.scenario),
    persona: count(text.persona),
    lore: loreTokens([...at.values()].map((l) => l.filter((a) => a.position !== 'outlet')), tokenizer),
    examples: count(formatExamples(fit.exampleBlocks)),
    authors_note: count(note),
    history: fit.history.reduce((n, m) => n + count(m.content), 0),
    post_history: count(text.postHistory),
  };
}

function outletsOf(at: Map<LorePosition, LoreActivation[]>): Record<string, string[]> {
  // No prototype: an outlet may be named anything, "__proto__" included.
  const outlets = Object.create(null) as Record<string, string[]>;
  for (const a of at.get('outlet') ?? []) (outlets[a.outlet ?? ''] ??= []).push(a.content);
  return outlets;
}

interface Layout {
  system: string;
  emTop: string[];
  emBottom: string[];
  depthLore: LoreActivation[];
  anText: string;
  noteDepth: number;
  postHistory: string;
}

function layoutMessages(l: Layout, fit: FitResult): PromptMessage[] {
  const examples = join([...l.emTop, formatExamples(fit.exampleBlocks), ...l.emBottom]);
  const history: PromptMessage[] = fit.history.map((m) => ({ role: m.role, content: m.content }));
  return [
    ...(l.system ? [{ role: 'system' as const, content: l.system }] : []),
    ...(examples ? [{ role: 'system' as const, content: examples }] : []),
    ...insertAtDepth(history, l.depthLore, l.anText, l.noteDepth),
    ...(l.postHistory ? [{ role: 'system' as const, content: l.postHistory }] : []),
  ];
}

export function assemblePrompt(input: PromptInput): PromptResult {
  const tokenizer = cachedTokenizer(input.tokenizer ?? approxTokenizer);
  const ctx = makeContext(input);
  // One budget for every expanded text of this prompt: macros can repeat the client's text, never without bound.
  const macroBudget: MacroBudget = { remaining: input.maxPromptChars ?? DEFAULT_MACRO_OUTPUT_CHARS };
  const text = expandCardText(input.card, input.settings, input.persona?.description ?? '', ctx, macroBudget);
  const lore = runLore(input, text.hiddenKeys, tokenizer, ctx);
  const at = lorePlaced(lore, ctx, macroBudget);
  const system = systemText(text, at, ctx.char);
  const emTop = texts(at.get('em_top'));
  const emBottom = texts(at.get('em_bottom'));
  const anText = join([...texts(at.get('an_top')), expandMacros(input.settings.authorsNote ?? '', { ...ctx, field: 'authors_note' }, macroBudget).text, ...texts(at.get('an_bottom'))]);
  const depthLore = at.get('at_depth') ?? [];
  const overhead = input.settings.messageOverhead ?? 4;
  const fixed: Block[] = [
    { role: 'system', content: system },
    { role: 'system', content: text.postHistory },
    { role: 'system', content: anText },
    ...depthLore.map((a) => ({ role: a.role, content: a.content })),
    { role: 'system', content: join([...emTop, ...emBottom]) },
  ];
  const budget = input.contextSize - (input.settings.responseTokens ?? 512);
  const fit = fitToBudget({ fixed, exampleBlocks: text.exampleBlocks, history: input.history, budget, overhead, tokenizer });
  const layout: Layout = { system, emTop, emBottom, depthLore, anText, noteDepth: input.settings.authorsNoteDepth ?? 4, postHistory: text.postHistory };
  const cost = (list: PromptMessage[]): number => list.reduce((n, m) => n + tokenizer.count(m.content) + overhead, 0);
  let messages = layoutMessages(layout, fit);
  // The fit estimates joins between parts; if a tokenizer prices those, trim once more so the budget always holds.
  while (cost(messages) > budget && (fit.exampleBlocks.length > 0 || fit.history.length > 0)) {
    if (fit.exampleBlocks.length > 0) fit.exampleBlocks.pop();
    else fit.history.shift();
    messages = layoutMessages(layout, fit);
  }
  const parts = countParts(text, at, fit, input.settings.authorsNote ?? '', tokenizer);
  return {
    messages,
    tokens: { ...parts, total: cost(messages), budget },
    lore: { activated: lore.activated, rejected: lore.rejected, warnings: lore.warnings },
    outlets: outletsOf(at),
    loreState: lore.state,
    vars: ctx.vars,
    dropped: { exampleBlocks: text.exampleBlocks.length - fit.exampleBlocks.length, historyMessages: input.history.length - fit.history.length },
    comments: text.comments,
    warnings: fit.overBudget ? ['the character definition alone does not fit the context; history left out'] : [],
  };
}
