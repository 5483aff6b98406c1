// Keeps the last few seconds of frames (audio time, mouth asked for, mouth parameter as the model has it, frame cost)
// so the app's tests and benchmarks can measure lip-sync and frame time in a real browser.
export interface ProbeSample {
  audioTime: number | null;
  wanted: number;
  parameter: number | null;
  at: number;
}

const KEEP = 2048;

export class FrameProbe {
  private samples: ProbeSample[] = [];
  private costs: number[] = [];

  constructor(readonly parameterId: string | undefined) {}

  record(audioTime: number | null, wanted: number, parameter: number | null): void {
    this.samples.push({ audioTime, wanted, parameter, at: performance.now() });
    if (this.samples.length > KEEP) this.samples.splice(0, this.samples.length - KEEP);
  }

  frameTime(ms: number): void {
    this.costs.push(ms);
    if (this.costs.length > KEEP) this.costs.splice(0, this.costs.length - KEEP);
  }

  lastWanted(): number {
    return this.samples.at(-1)?.wanted ?? 0;
  }

  lastParameter(): number | null {
    return this.samples.at(-1)?.parameter ?? null;
  }

  /** Takes (and clears) what was recorded since the last call. */
  drain(): { samples: ProbeSample[]; frameMs: number[] } {
    const out = { samples: this.samples, frameMs: this.costs };
    this.samples = [];
    this.costs = [];
    return out;
  }
}
