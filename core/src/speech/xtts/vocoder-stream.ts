// Streaming HiFi-GAN: vocodes the accumulated latents every few tokens and cross-fades where calls overlap.

/** Runs the vocoder on `count` latent rows (row-major, width w); returns count × hop samples. */
export type VocodeFn = (latents: Float32Array, count: number) => Promise<Float32Array>;

export interface StreamingVocoderOptions {
  readonly width: number;
  readonly hop: number;
  /** Samples held back from each chunk and cross-faded into the next (Coqui uses 1024). */
  readonly overlap?: number;
  /**
   * Tokens of left context re-vocoded before the new ones. Infinity (default) re-vocodes everything, as Coqui's
   * streaming does; a finite value bounds the cost on long utterances.
   */
  readonly contextTokens?: number;
}

/**
 * Each call of `flush` vocodes latents [from, n) where `from` leaves `contextTokens` of context, and returns
 * the samples not yet emitted. The last `overlap` samples of a non-final chunk are held back; the next chunk
 * fades them out while fading in its own version of the same samples, so joins carry no step.
 */
export class StreamingVocoder {
  private latents: Float32Array[] = [];
  private emitted = 0;
  private tail = new Float32Array(0);
  private readonly overlap: number;
  private readonly context: number;

  constructor(
    private readonly vocode: VocodeFn,
    private readonly o: StreamingVocoderOptions,
  ) {
    this.overlap = Math.max(0, o.overlap ?? 1024);
    this.context = o.contextTokens ?? Infinity;
  }

  push(latent: Float32Array): void {
    if (latent.length !== this.o.width) throw new RangeError(`Latent has ${latent.length} values, expected ${this.o.width}.`);
    this.latents.push(latent);
  }

  get tokens(): number {
    return this.latents.length;
  }

  /** Samples emitted so far (held-back overlap not included). */
  get samplesOut(): number {
    return this.emitted;
  }

  async flush(final: boolean): Promise<Float32Array> {
    const n = this.latents.length;
    const { hop, width } = this.o;
    const newStart = this.emitted + this.tail.length; // first sample no chunk has seen yet
    if (n * hop <= newStart) {
      // Nothing new: a final flush just releases the held-back samples.
      if (!final) return new Float32Array(0);
      const out = this.tail;
      this.emitted += out.length;
      this.tail = new Float32Array(0);
      return out;
    }
    const from = Math.max(0, Math.floor(this.emitted / hop) - this.context);
    const rows = n - from;
    const input = new Float32Array(rows * width);
    for (let i = 0; i < rows; i++) input.set(this.latents[from + i]!, i * width);
    const wav = rows > 0 ? await this.vocode(input, rows) : new Float32Array(0);
    if (wav.length !== rows * hop) throw new RangeError(`Vocoder gave ${wav.length} samples for ${rows} tokens (hop ${hop}).`);
    const fresh = wav.slice(this.emitted - from * hop); // from the first unemitted sample to the end
    const fade = this.tail.length;
    for (let i = 0; i < fade && i < fresh.length; i++) {
      const a = (i + 1) / (fade + 1);
      fresh[i] = fresh[i]! * a + this.tail[i]! * (1 - a);
    }
    const hold = final ? 0 : Math.min(this.overlap, fresh.length);
    const out = fresh.slice(0, fresh.length - hold);
    this.tail = wav.slice(wav.length - hold);
    this.emitted += out.length;
    return out;
  }
}
