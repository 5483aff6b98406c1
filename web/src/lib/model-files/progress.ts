// Per-file and overall progress across a model's files, sent at most once per step of bytes (a worker posts each one).

export interface ModelFileProgress {
  readonly file: string;
  /** Bytes of this file held so far; drops to 0 only if the host ignores Range and the file restarts. */
  readonly received: number;
  readonly total: number | null;
  /** Bytes ready over all files read so far plus those still planned (from the catalog), including cached files. */
  readonly overallReceived: number;
  /** Known sizes of the planned and requested files; grows when a file outside the plan is read. */
  readonly overallTotal: number | null;
  readonly source: 'network' | 'cache';
}

export class ProgressTracker {
  private readonly received = new Map<string, number>();
  private readonly sizes = new Map<string, number>();
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly emit: ((p: ModelFileProgress) => void) | undefined,
    private readonly stepBytes: number,
  ) {}

  /** A file's size, from the plan or once it is known; counted in overallTotal. */
  expect(path: string, size: number | null): void {
    if (size !== null) this.sizes.set(path, size);
  }

  update(
    file: string,
    received: number,
    total: number | null,
    source: ModelFileProgress['source'],
    force = false,
  ): void {
    this.received.set(file, received);
    if (total !== null) this.sizes.set(file, total);
    const last = this.lastSent.get(file);
    const finished = total !== null && received === total;
    if (
      !this.emit ||
      (!force && !finished && last !== undefined && received >= last && received - last < this.stepBytes)
    )
      return;
    this.lastSent.set(file, received);
    let overallReceived = 0;
    for (const r of this.received.values()) overallReceived += r;
    let overallTotal = 0;
    for (const s of this.sizes.values()) overallTotal += s;
    this.emit({
      file,
      received,
      total,
      overallReceived,
      overallTotal: this.sizes.size > 0 ? overallTotal : null,
      source,
    });
  }
}
