// Measures time to first token and decode speed the same way for every engine.

export class GenerationClock {
  private readonly startedAt: number;
  private firstTokenAt: number | null = null;
  private tokens = 0;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.startedAt = now();
  }

  token(): void {
    if (this.firstTokenAt === null) this.firstTokenAt = this.now();
    this.tokens += 1;
  }

  get completionTokens(): number {
    return this.tokens;
  }

  finish(): { timeToFirstTokenMs: number; totalMs: number; decodeTokensPerSecond: number } {
    const end = this.now();
    const first = this.firstTokenAt ?? end;
    const decodeSeconds = (end - first) / 1000;
    return {
      timeToFirstTokenMs: first - this.startedAt,
      totalMs: end - this.startedAt,
      // The first token belongs to prefill; decode speed counts the rest.
      decodeTokensPerSecond: this.tokens > 1 && decodeSeconds > 0 ? (this.tokens - 1) / decodeSeconds : 0,
    };
  }
}
