// The macro engine: {{char}}, {{user}}, {{original}}, V3 and common SillyTavern macros, case-insensitive, seedable.
import { hashString, pickIndex, type Random, seededRandom } from './rng';
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
  /** `name::a::b` arguments. */
  args: string[];
  /** `name:rest` argument, raw. */
  colonArg?: string;
}

function parseCall(body: string): Call {
  if (body.includes('::')) {
    const [name = '', ...args] = body.split('::');
    return { name: name.trim().toLowerCase(), args };
  }
  const colon = body.indexOf(':');
  if (colon < 0) return { name: body.trim().toLowerCase(), args: [] };
  return { name: body.slice(0, colon).trim().toLowerCase(), args: [], colonArg: body.slice(colon + 1) };
}

function options(call: Call): string[] {
  return call.colonArg !== undefined ? splitV3List(call.colonArg) : call.args;
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

const MACRO = /\{\{([^{}]*)\}\}/g;
/** Output of one macro may hold another ({{getvar}} of a macro, nested {{random}}); a few passes settle it, never more. */
const MAX_PASSES = 4;

function evalBody(body: string, offset: number, ctx: MacroContext, out: MacroResult): string | undefined {
  if (body.trimStart().startsWith('//')) return '';
  const call = parseCall(body);
  return Object.hasOwn(HANDLERS, call.name) ? HANDLERS[call.name]!(call, ctx, out, offset) : undefined;
}

export function expandMacros(text: string, ctx: MacroContext): MacroResult {
  const out: MacroResult = { text: '', hiddenKeys: [], comments: [] };
  let cur = text.replace(/<bot>/gi, ctx.char).replace(/<user>/gi, ctx.user);
  cur = cur.replace(/(?:\r?\n)*\{\{trim\}\}(?:\r?\n)*/gi, '');
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    cur = cur.replace(MACRO, (whole, body: string, offset: number) => {
      const value = evalBody(body, offset, ctx, out);
      if (value === undefined) return whole;
      changed = true;
      return value;
    });
    if (!changed) break;
  }
  out.text = cur;
  return out;
}
