// Aho-Corasick: finds every occurrence of many plain keys in one pass over a text, so 1,000 entries cost one scan.

export class AhoCorasick {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];
  readonly patterns: readonly string[];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns;
    patterns.forEach((p, id) => this.insert(p, id));
    this.link();
  }

  private insert(p: string, id: number): void {
    if (p === '') return;
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      let n = this.next[s]!.get(c);
      if (n === undefined) {
        n = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.out.push([]);
        this.next[s]!.set(c, n);
      }
      s = n;
    }
    this.out[s]!.push(id);
  }

  /** Breadth-first failure links; each state's outputs include those of its failure chain. */
  private link(): void {
    const queue: number[] = [...this.next[0]!.values()];
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const [c, n] of this.next[s]!) {
        let f = this.fail[s]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
        const target = this.next[f]!.get(c);
        this.fail[n] = target !== undefined && target !== n ? target : 0;
        this.out[n] = [...this.out[n]!, ...this.out[this.fail[n]!]!];
        queue.push(n);
      }
    }
  }

  /** Calls `onMatch(patternId, start)` for every occurrence. */
  search(text: string, onMatch: (id: number, start: number) => void): void {
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      while (s !== 0 && !this.next[s]!.has(c)) s = this.fail[s]!;
      s = this.next[s]!.get(c) ?? 0;
      for (const id of this.out[s]!) onMatch(id, i - this.patterns[id]!.length + 1);
    }
  }
}
