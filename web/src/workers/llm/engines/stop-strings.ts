// Applies OpenAI-style `stop` strings to a streamed reply: engines that lack them still stop at the right place.

export class StopStringFilter {
  private text = '';
  private emitted = 0;
  stopped = false;

  constructor(private readonly stops: readonly string[]) {}

  /** Adds a delta; returns the part that is safe to emit now (text that cannot be the start of a stop string). */
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

  /** Everything not yet emitted, at the end of generation. */
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
