// Streaming stage 1 of speech text: strips markdown, code, links and emoji, and routes *actions* to be spoken or skipped.
export interface CleanerOptions {
  /** `*smiles*`: 'skip' drops it, 'speak' keeps its words (without the asterisks). */
  readonly actions: 'skip' | 'speak';
  /** Fenced code blocks: skipped by default; inline `code` is always spoken without its backticks. */
  readonly codeBlocks: 'skip' | 'speak';
  readonly keepEmoji: boolean;
}

export const DEFAULT_CLEANER_OPTIONS: CleanerOptions = { actions: 'skip', codeBlocks: 'skip', keepEmoji: false };

const NEED_MORE = -1;
/** An action longer than this is probably a stray asterisk; it is released as plain text. */
const MAX_ACTION_CHARS = 400;
const MAX_LINK_URL_CHARS = 2048;
const MAX_TAG_CHARS = 200;
const TAG = /^<(\/?)([a-zA-Z][\w-]*)(?:\s[^<>]*)?\/?>/;
const TAG_PREFIX = /^<\/?(?:[a-zA-Z][\w-]*(?:\s[^<>]*)?)?$/;
const HIDDEN_TAGS: ReadonlySet<string> = new Set(['think', 'thinking', 'reasoning']);
const LINE_MARKER = /^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-+*][ \t]+|\d{1,3}[.)][ \t]+)/;
const LINE_MARKER_PREFIX = /^[ \t]*(?:#{0,6}|[-+*]|\d{1,3}[.)]?)$/;
// Modifiers are alternatives, not one class, because a class of combining marks reads as one joined glyph.
const EMOJI = /^(?:\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|[\u{1F1E6}-\u{1F1FF}]|\uFE0F|\u200D|\u20E3)/u;

/** Feeds raw deltas, yields clean text; holds back only what the next characters could still change. */
export class MarkupCleaner {
  private pending = '';
  private lineStart = true;
  private inFence = false;
  private inInlineCode = false;
  private action: string | null = null;
  private inLinkUrl = false;
  /** Inside <think>…</think> (reasoning models) nothing is spoken; holds the closing tag to look for. */
  private hiddenUntil: string | null = null;
  private linkUrlChars = 0;
  private lastOut = ' ';
  private out = '';

  constructor(private readonly options: CleanerOptions = DEFAULT_CLEANER_OPTIONS) {}

  push(delta: string): string {
    this.pending += delta;
    return this.drain(false);
  }

  flush(): string {
    const text = this.drain(true);
    if (this.action !== null) {
      // An action never closed: the asterisk was not markup after all, so its words are spoken.
      const released = this.action;
      this.action = null;
      return text + released;
    }
    return text;
  }

  private drain(final: boolean): string {
    while (this.pending.length > 0) {
      const used = this.step(final);
      if (used === NEED_MORE) break;
      this.pending = this.pending.slice(used);
    }
    const text = this.out;
    this.out = '';
    return text;
  }

  private emit(text: string): void {
    if (text.length === 0) return;
    if (this.action !== null) {
      this.action += text;
      if (this.action.length > MAX_ACTION_CHARS) this.releaseAction();
    } else this.out += text;
    this.lastOut = text.slice(-1);
  }

  private releaseAction(): void {
    this.out += this.action ?? '';
    this.action = null;
  }

  /** Consumes some characters from the front of `pending`, or returns NEED_MORE. */
  private step(final: boolean): number {
    const p = this.pending;
    if (this.hiddenUntil !== null) return this.stepHidden(final);
    if (this.inFence) return this.stepFence(final);
    if (this.inLinkUrl) return this.stepLinkUrl();
    if (this.lineStart) {
      const used = this.stepLineStart(final);
      if (used !== 0) return used;
    }
    const ch = p[0]!;
    if (ch === '\n') return this.newline();
    if (ch === '`') return this.stepBacktick(final);
    if (ch === '*' || ch === '_' || ch === '~') return this.stepEmphasis(ch, final);
    if (ch === '<') return this.stepTag(final);
    if (ch === '[') return 1;
    if (ch === ']') return this.stepCloseBracket(final);
    const code = p.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && p.length < 2 && !final) return NEED_MORE;
    const cp = String.fromCodePoint(p.codePointAt(0)!);
    if (!this.options.keepEmoji && EMOJI.test(cp)) return cp.length;
    this.emit(cp);
    return cp.length;
  }

  private newline(): number {
    if (this.action !== null) this.releaseAction();
    this.inInlineCode = false;
    this.lineStart = true;
    this.emit('\n');
    return 1;
  }

  private stepLineStart(final: boolean): number {
    const p = this.pending;
    if (p.startsWith('```')) return this.openFence(final);
    const m = LINE_MARKER.exec(p);
    if (m) {
      // `*text*` at the start of a line is an action, not a bullet: bullets need a space after.
      this.lineStart = false;
      return m[0].length;
    }
    const lineHead = p.split('\n', 1)[0]!;
    if (!final && lineHead.length === p.length && (LINE_MARKER_PREFIX.test(p) || '```'.startsWith(p))) return NEED_MORE;
    this.lineStart = false;
    return 0;
  }

  private openFence(final: boolean): number {
    const nl = this.pending.indexOf('\n');
    if (nl === -1 && !final) return NEED_MORE;
    this.inFence = true;
    this.lineStart = false;
    return nl === -1 ? this.pending.length : nl + 1;
  }

  private stepFence(final: boolean): number {
    const p = this.pending;
    const close = p.indexOf('```');
    if (close === -1) {
      const keep = final ? 0 : 2; // a closing fence may be arriving in pieces
      const used = Math.max(0, p.length - keep);
      if (used === 0) return NEED_MORE;
      if (this.options.codeBlocks === 'speak') this.emit(p.slice(0, used));
      return used;
    }
    if (this.options.codeBlocks === 'speak') this.emit(p.slice(0, close));
    this.inFence = false;
    this.emit('\n'); // a code block ends whatever sentence came before it
    return close + 3;
  }

  private stepLinkUrl(): number {
    const p = this.pending;
    const close = p.search(/[)\n]/);
    if (close === -1) {
      this.linkUrlChars += p.length;
      if (this.linkUrlChars > MAX_LINK_URL_CHARS) this.inLinkUrl = false;
      return p.length;
    }
    this.inLinkUrl = false;
    return p[close] === ')' ? close + 1 : close; // a newline is left for the main loop
  }

  /** HTML-ish tags are dropped (<br> and </p> end a line); a lone "<" as in "a < b" is kept. */
  private stepTag(final: boolean): number {
    const p = this.pending;
    const m = TAG.exec(p);
    if (m) {
      const name = m[2]!.toLowerCase();
      if (!m[1] && HIDDEN_TAGS.has(name)) this.hiddenUntil = `</${name}>`;
      else if (name === 'br' || (m[1] && name === 'p')) this.emit('\n');
      return m[0].length;
    }
    const close = p.indexOf('>');
    if (!final && close === -1 && p.length < MAX_TAG_CHARS && TAG_PREFIX.test(p)) return NEED_MORE;
    this.emit('<');
    return 1;
  }

  private stepHidden(final: boolean): number {
    const p = this.pending;
    const close = p.toLowerCase().indexOf(this.hiddenUntil!);
    if (close !== -1) {
      const used = close + this.hiddenUntil!.length;
      this.hiddenUntil = null;
      return used;
    }
    // Keep a tail that could be the start of the closing tag.
    const used = final ? p.length : Math.max(0, p.length - this.hiddenUntil!.length);
    return used === 0 ? NEED_MORE : used;
  }

  private stepCloseBracket(final: boolean): number {
    if (this.pending.length < 2 && !final) return NEED_MORE;
    if (this.pending[1] === '(') {
      this.inLinkUrl = true;
      this.linkUrlChars = 0;
      return 2;
    }
    return 1;
  }

  private stepBacktick(final: boolean): number {
    const run = /^`+/.exec(this.pending)![0].length;
    if (run === this.pending.length && !final) return NEED_MORE;
    if (run >= 3) return this.openFence(final);
    if (run === 1) this.inInlineCode = !this.inInlineCode;
    return run;
  }

  private stepEmphasis(ch: string, final: boolean): number {
    const p = this.pending;
    let run = 0;
    while (p[run] === ch) run++;
    if (run === p.length && !final) return NEED_MORE;
    if (this.inInlineCode) {
      this.emit(p.slice(0, run));
      return run;
    }
    const next = p[run] ?? ' ';
    const prevWord = /[\p{L}\p{N}]/u.test(this.lastOut);
    const nextWord = /[\p{L}\p{N}]/u.test(next);
    if (run >= 2) return run; // **bold**, __bold__, ~~strike~~: markers only
    if (ch === '~') {
      this.emit('~');
      return 1;
    }
    if (ch === '_') {
      if (prevWord && nextWord) this.emit('_'); // snake_case stays
      return 1;
    }
    return this.stepAsterisk(next);
  }

  private stepAsterisk(next: string): number {
    if (this.action !== null) {
      const text = this.action;
      this.action = null;
      // A skipped action still separates the words around it: "Hi*waves*there" is two words.
      this.out += this.options.actions === 'speak' ? text : ' ';
      this.lastOut = ' ';
      return 1;
    }
    if (!/\s/.test(next)) {
      this.action = '';
      return 1;
    }
    this.emit('*'); // "2 * 3"
    return 1;
  }
}

/** The whole cleaned text at once; what the splitter's chunks, joined, reproduce. */
export function cleanMarkup(text: string, options: CleanerOptions = DEFAULT_CLEANER_OPTIONS): string {
  const cleaner = new MarkupCleaner(options);
  return cleaner.push(text) + cleaner.flush();
}
