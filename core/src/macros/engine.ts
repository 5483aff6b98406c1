// The macro engine: {{char}}, {{user}}, {{original}}, V3 and common SillyTavern macros, case-insensitive, seedable.
import { hashString, pickIndex, type Random, seededRandom } from './rng';
import { charge, DEFAULT_MACRO_OUTPUT_CHARS, findClose, indexOfTopLevel, type MacroBudget, type MacroSpan, splitTopLevel } from './scan';
import { type Clock, formatDate, formatIsoDate, formatIsoTime, formatTime, formatWeekday, humanizeDuration } from './time';

export const DEFAULT_USER_NAME = 'User';

export interface MacroMessage {
  role: 'user' | 'assistant' | 'system';
  content: string;
  /** Unix milliseconds; {{idle_duration}} uses the last user message's. */
  sendDate?: number;
}

export interface MacroContext extends Clock {
  /** The character's name, or its V3 nickname when set. */
  char: string;
  user: string;
  /**
   * The prompt a card field replaces. Set only while expanding the card's system prompt or post-history
   * instructions: everywhere else {{original}} expands to nothing.
   */
  original?: string;
  /** Seeds {{pick}}: the same chat always picks the same. */
  chatId: string;
  /** Which text is being expanded (for example 'description'), so picks in different fields are independent. */
  field?: string;
  random: Random;
  messages: readonly MacroMessage[];
  /** Chat variables for getvar/setvar; setvar writes here. */
  vars: Record<string, string>;
  /** 'display' keeps {{comment:x}} text for the user; 'model' (default) removes it. */
  mode?: 'model' | 'display';
}

export interface MacroResult {
  text: string;
  /** {{hidden_key:x}} values: removed from the text but scanned by the lorebook. */
  hiddenKeys: string[];
  /** {{comment:x}} values, shown to the user and never sent. */
  comments: string[];
}

/** A context with defaults for whatever `partial` leaves out or leaves undefined (so {{user}} always has a name). */
export function macroContext(partial: Partial<MacroContext> & { chatId: string }): MacroContext {
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<MacroContext>;
  return {
    char: '',
    user: DEFAULT_USER_NAME,
    random: seededRandom(partial.chatId),
    messages: [],
    vars: {},
    now: new Date(),
    ...given,
    chatId: partial.chatId,
  };
}

/** Splits V3 list arguments on commas, `\,` being a literal comma. */
export function splitV3List(arg: string): string[] {
  return arg.split(/(?<!\\),/).map((s) => s.replace(/\\,/g, ','));
}

function rollDice(spec: string, random: Random): string | undefined {
  const m = /^\s*(\d*)\s*d?\s*(\d+)\s*(?:([+-])\s*(\d+))?\s*$/i.exec(spec);
  if (!m) return undefined;
  const hasD = /d/i.test(spec);
  const count = hasD && m[1] ? Math.min(100, Number(m[1])) : 1;
  const sides = Number(hasD ? m[2] : m[1] || m[2]);
  if (!Number.isFinite(sides) || sides < 1) return undefined;
  let total = 0;
  for (let i = 0; i < count; i++) total += 1 + pickIndex(random, sides);
  const mod = m[4] ? Number(m[4]) * (m[3] === '-' ? -1 : 1) : 0;
  return String(total + mod);
}

function lastOf(ctx: MacroContext, role?: MacroMessage['role']): MacroMessage | undefined {
  for (let i = ctx.messages.length - 1; i >= 0; i--) {
    const m = ctx.messages[i]!;
    if (!role || m.role === role) return m;
  }
  return undefined;
}

interface Call {
  name: string;
  /** `name::a::b` arguments, each already expanded. */
  args: string[];
  /** `name:rest` argument, expanded (for random and pick: its V3 list, see `list`). */
  colonArg?: string;
  /** `{{random:a,b}}` / `{{pick:a,b}}` options, split on the template's unescaped commas before expansion. */
  list?: string[];
}

function options(call: Call): string[] {
  return call.list ?? (call.colonArg !== undefined ? [call.colonArg] : call.args);
}

function evalChoice(call: Call, offset: number, ctx: MacroContext): string | undefined {
  const opts = options(call);
  if (opts.length === 0) return '';
  if (call.name === 'random') return opts[pickIndex(ctx.random, opts.length)];
  const seed = hashString(`${ctx.chatId}\u0000${ctx.field ?? ''}\u0000${offset}\u0000${opts.join('\u0001')}`);
  return opts[pickIndex(seededRandom(seed), opts.length)];
}

type Handler = (call: Call, ctx: MacroContext, out: MacroResult, offset: number) => string | undefined;

const arg0 = (c: Call): string => c.colonArg ?? c.args.join('::');

const HANDLERS: Readonly<Record<string, Handler>> = {
  char: (_c, ctx) => ctx.char,
  user: (_c, ctx) => ctx.user,
  original: (_c, ctx) => ctx.original ?? '',
  random: (c, ctx, _o, off) => evalChoice(c, off, ctx),
  pick: (c, ctx, _o, off) => evalChoice(c, off, ctx),
  roll: (c, ctx) => rollDice(arg0(c), ctx.random),
  hidden_key: (c, _ctx, out) => (out.hiddenKeys.push(arg0(c).trim()), ''),
  comment: (c, ctx, out) => (out.comments.push(arg0(c).trim()), ctx.mode === 'display' ? arg0(c).trim() : ''),
  reverse: (c) => [...arg0(c)].reverse().join(''),
  time: (_c, ctx) => formatTime(ctx),
  date: (_c, ctx) => formatDate(ctx),
  weekday: (_c, ctx) => formatWeekday(ctx),
  isotime: (_c, ctx) => formatIsoTime(ctx),
  isodate: (_c, ctx) => formatIsoDate(ctx),
  idle_duration: (_c, ctx) => {
    const since = lastOf(ctx, 'user')?.sendDate;
    return since === undefined ? 'just now' : humanizeDuration(ctx.now.getTime() - since);
  },
  lastmessage: (_c, ctx) => lastOf(ctx)?.content ?? '',
  lastusermessage: (_c, ctx) => lastOf(ctx, 'user')?.content ?? '',
  lastcharmessage: (_c, ctx) => lastOf(ctx, 'assistant')?.content ?? '',
  newline: () => '\n',
  trim: () => '',
  getvar: (c, ctx) => (Object.hasOwn(ctx.vars, c.args[0]?.trim() ?? '') ? ctx.vars[c.args[0]!.trim()] : ''),
  setvar: (c, ctx) => {
    const key = c.args[0]?.trim();
    if (key) Object.defineProperty(ctx.vars, key, { value: c.args.slice(1).join('::'), enumerable: true, writable: true, configurable: true });
    return '';
  },
};

interface Expansion {
  src: string;
  ctx: MacroContext;
  out: MacroResult;
  budget: MacroBudget;
}

const ANGLE = /^<(bot|user)>/i;

/**
 * Expands src[from, end) in one left-to-right pass. Each macro written in the template is evaluated exactly
 * once (inner ones first, as its arguments); what a macro returns (a user's message, a variable, the card's
 * name) is appended as plain text and never scanned again, so no input can grow by re-expansion.
 */
function expandRange(x: Expansion, from: number, end: number, unescapeCommas = false): string {
  const { src } = x;
  let text = '';
  let literalStart = from;
  const emit = (s: string): void => {
    charge(x.budget, s.length);
    text += s;
  };
  const flushLiteral = (upTo: number): void => {
    if (upTo > literalStart)
      emit(unescapeCommas ? src.slice(literalStart, upTo).replace(/\\,/g, ',') : src.slice(literalStart, upTo));
  };
  let i = from;
  while (i < end) {
    const c = src[i];
    if (c === '{' && src[i + 1] === '{' && i + 1 < end) {
      // In `{{{char}}}` the macro is the innermost `{{`: extra leading braces are literal text.
      if (src[i + 2] === '{') {
        i++;
        continue;
      }
      const close = findClose(src, i + 2, end);
      if (close < 0) {
        i += 2;
        continue;
      }
      flushLiteral(i);
      emit(evalMacro(x, { start: i, bodyStart: i + 2, bodyEnd: close, end: close + 2 }));
      i = close + 2;
      literalStart = i;
    } else if (c === '<') {
      const m = ANGLE.exec(src.slice(i, Math.min(end, i + 6)));
      if (m) {
        flushLiteral(i);
        emit(m[1]!.toLowerCase() === 'bot' ? x.ctx.char : x.ctx.user);
        i += m[0].length;
        literalStart = i;
      } else i++;
    } else i++;
  }
  flushLiteral(end);
  return text;
}

function nameEnd(src: string, from: number, end: number): { name: string; sep: '::' | ':' | ''; at: number } {
  const dbl = indexOfTopLevel(src, from, end, '::');
  if (dbl >= 0) return { name: src.slice(from, dbl), sep: '::', at: dbl };
  const single = indexOfTopLevel(src, from, end, ':');
  if (single >= 0) return { name: src.slice(from, single), sep: ':', at: single };
  return { name: src.slice(from, end), sep: '', at: end };
}

function evalMacro(x: Expansion, span: MacroSpan): string {
  const { src } = x;
  const raw = (): string => src.slice(span.start, span.end);
  if (src.slice(span.bodyStart, span.bodyEnd).trimStart().startsWith('//')) return '';
  const head = nameEnd(src, span.bodyStart, span.bodyEnd);
  const name = head.name.trim().toLowerCase();
  // Unknown names stay as written (other tools may know them), with nested known macros expanded once.
  if (!Object.hasOwn(HANDLERS, name)) return `{{${expandRange(x, span.bodyStart, span.bodyEnd)}}}`;
  const call: Call = { name, args: [] };
  if (head.sep === '::') {
    const parts = splitTopLevel(src, head.at + 2, span.bodyEnd, '::');
    call.args = parts.map(([a, b]) => expandRange(x, a, b));
  } else if (head.sep === ':') {
    if (name === 'random' || name === 'pick') {
      call.list = splitTopLevel(src, head.at + 1, span.bodyEnd, ',', true).map(([a, b]) => expandRange(x, a, b, true));
    } else call.colonArg = expandRange(x, head.at + 1, span.bodyEnd);
  }
  return HANDLERS[name]!(call, x.ctx, x.out, span.start) ?? raw();
}

/**
 * Expands the macros of one template. Pass `budget` to share one size limit across the texts of a prompt;
 * otherwise this text alone may produce DEFAULT_MACRO_OUTPUT_CHARS. Throws PromptTooLargeError past it.
 */
export function expandMacros(text: string, ctx: MacroContext, budget?: MacroBudget): MacroResult {
  const out: MacroResult = { text: '', hiddenKeys: [], comments: [] };
  const src = text.replace(/(?:\r?\n)*\{\{trim\}\}(?:\r?\n)*/gi, '');
  out.text = expandRange({ src, ctx, out, budget: budget ?? { remaining: DEFAULT_MACRO_OUTPUT_CHARS } }, 0, src.length);
  return out;
}
