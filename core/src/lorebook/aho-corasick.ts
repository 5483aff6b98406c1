// Aho-Corasick: finds every occurrence of many plain keys in one pass over a text, so 1,000 entries cost one scan.

export class AhoCorasick {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];
  /** Nearest state on the failure chain that ends a pattern (-1: none), instead of copying outputs down the chain. */
  private dict: Int32Array = new Int32Array(0);
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

  /** Breadth-first failure links, then dictionary links in the same order (a failure target is always shallower, so it is done first). */
  private link(): void {
    const queue: number[] = [...this.next[0]!.values()];
    this.linkFailures(queue);
    this.dict = new Int32Array(this.next.length).fill(-1);
    for (const s of queue) {
      const f = this.fail[s]!;
      this.dict[s] = this.out[f]!.length > 0 ? f : this.dict[f]!;
    }
  }

  private linkFailures(queue: number[]): void {
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const [c, n] of this.next[s]!) {
        let f = this.fail[s]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
        const target = this.next[f]!.get(c);
        this.fail[n] = target !== undefined && target !== n ? target : 0;
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
      for (let d = s; d > 0; d = this.dict[d]!) for (const id of this.out[d]!) onMatch(id, i - this.patterns[id]!.length + 1);
    }
  }
}
