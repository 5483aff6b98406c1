// Streaming filters applied to every engine's and provider's output: control-token stripping and `stop` strings.

/** Chat-template leftovers that must never reach a user: role headers first, then bare control tokens. */
const LEFTOVERS: readonly RegExp[] = [
  /<\|start_header_id\|>[^<]{0,20}<\|end_header_id\|>\n?/g,
  /<\|im_start\|>(?:system|user|assistant)?\n?/g,
  /<start_of_turn>(?:user|model)?\n?/g,
  /<\|[a-zA-Z0-9_]{1,40}\|>/g, // <|im_end|> <|eot_id|> <|endoftext|> <|assistant|> <|end|> ...
  /<\/?s>/g,
  /<end_of_turn>/g,
  /\[\/?INST\]/g,
  /<<\/?SYS>>/g,
];
/** The longest leftover is short; a `<` or `[` further back than this is ordinary text. */
const MAX_HOLD = 64;

export function stripControlTokens(text: string): string {
  return LEFTOVERS.reduce((t, re) => t.replace(re, ''), text);
}

/**
 * Strips leftovers from a stream whose deltas may split a token anywhere (`<|im_` + `end|>`): text from the last
 * `<` or `[` that could still start a leftover is held back until it is decided.
 */
export class ControlTokenFilter {
  private pending = '';

  push(delta: string): string {
    this.pending += delta;
    // A turn opener is stripped with the role after it, so wait until that role is complete (its newline).
    const opener = this.openTurnAt();
    const ready = stripControlTokens(opener === -1 ? this.pending : this.pending.slice(0, opener));
    const rest = opener === -1 ? '' : this.pending.slice(opener);
    const hold = holdFrom(ready);
    this.pending = ready.slice(hold) + rest;
    return ready.slice(0, hold);
  }

  flush(): string {
    const out = stripControlTokens(this.pending);
    this.pending = '';
    return out;
  }

  private openTurnAt(): number {
    let at = -1;
    for (const opener of TURN_OPENERS) at = Math.max(at, this.pending.lastIndexOf(opener));
    if (at === -1) return -1;
    const after = this.pending.slice(at);
    return after.includes('\n') || after.length > MAX_HOLD ? -1 : at;
  }
}

const TURN_OPENERS = ['<|im_start|>', '<|start_header_id|>', '<start_of_turn>'];

/** Where text that could still become a leftover starts: the last `<` or `[` that is not yet closed. */
function holdFrom(text: string): number {
  const from = Math.max(text.lastIndexOf('<'), text.lastIndexOf('['));
  if (from === -1 || text.length - from > MAX_HOLD) return text.length;
  // Closed brackets were already judged by stripControlTokens; only an open one can still become a leftover.
  return /[>\]]/.test(text.slice(from + 1)) ? text.length : from;
}

/** Applies OpenAI-style `stop` strings to a streamed reply; the stop string itself is never emitted. */
export class StopStringFilter {
  private text = '';
  private emitted = 0;
  stopped = false;

  constructor(private readonly stops: readonly string[]) {}

  /** Adds a delta; returns the part that cannot be the start of a stop string and so is safe to emit now. */
  push(delta: string): string {
    if (this.stopped) return '';
    this.text += delta;
    for (const stop of this.stops) {
      const at = this.text.indexOf(stop, Math.max(0, this.emitted - stop.length));
      if (at !== -1) {
        this.stopped = true;
        this.text = this.text.slice(0, at);
        return this.release(this.text.length);
      }
    }
    return this.release(this.text.length - this.heldBack());
  }

  flush(): string {
    return this.release(this.text.length);
  }

  get value(): string {
    return this.text;
  }

  private heldBack(): number {
    let hold = 0;
    for (const stop of this.stops) {
      for (let n = Math.min(stop.length - 1, this.text.length); n > hold; n -= 1) {
        if (this.text.endsWith(stop.slice(0, n))) {
          hold = n;
          break;
        }
      }
    }
    return hold;
  }

  private release(end: number): string {
    const out = this.text.slice(this.emitted, Math.max(end, this.emitted));
    this.emitted = Math.max(end, this.emitted);
    return out;
  }
}

/** Control tokens stripped first, then stop strings: the pipeline every reply goes through. */
export class ReplyFilter {
  private readonly control = new ControlTokenFilter();
  private readonly stops: StopStringFilter;

  constructor(stop: readonly string[]) {
    this.stops = new StopStringFilter(stop);
  }

  push(delta: string): string {
    return this.stops.push(this.control.push(delta));
  }

  flush(): string {
    return this.stops.push(this.control.flush()) + this.stops.flush();
  }

  get stopped(): boolean {
    return this.stops.stopped;
  }

  get text(): string {
    return this.stops.value;
  }
}
