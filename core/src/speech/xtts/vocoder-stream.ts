// Streaming HiFi-GAN: vocodes the accumulated latents every few tokens and cross-fades where calls overlap.

/** Runs the vocoder on `count` latent rows (row-major, width w); returns count × hop samples. */
export type VocodeFn = (latents: Float32Array, count: number) => Promise<Float32Array>;

export interface StreamingVocoderOptions {
  readonly width: number;
  /** Output samples per token; 0 learns it from the first vocoder call (metadata may not say). */
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
  private hop: number;

  constructor(
    private readonly vocode: VocodeFn,
    private readonly o: StreamingVocoderOptions,
  ) {
    this.overlap = Math.max(0, o.overlap ?? 1024);
    this.context = o.contextTokens ?? Infinity;
    this.hop = o.hop;
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
    const { width } = this.o;
    const hop = this.hop;
    const newStart = this.emitted + this.tail.length; // first sample no chunk has seen yet
    if (n === 0 || (hop > 0 && n * hop <= newStart)) {
      // Nothing new: a final flush just releases the held-back samples.
      if (!final) return new Float32Array(0);
      const out = this.tail;
      this.emitted += out.length;
      this.tail = new Float32Array(0);
      return out;
    }
    const from = hop > 0 ? Math.max(0, Math.floor(this.emitted / hop) - this.context) : 0;
    const rows = n - from;
    const input = new Float32Array(rows * width);
    for (let i = 0; i < rows; i++) input.set(this.latents[from + i]!, i * width);
    const wav = rows > 0 ? await this.vocode(input, rows) : new Float32Array(0);
    if (hop === 0) return this.learnHop(wav, rows, final);
    if (wav.length !== rows * hop) throw new RangeError(`Vocoder gave ${wav.length} samples for ${rows} tokens (hop ${hop}).`);
    return this.emit(wav, from * hop, final);
  }

  /** The first call (nothing emitted yet, from = 0) fixes the hop, then emits as usual. */
  private learnHop(wav: Float32Array, rows: number, final: boolean): Float32Array {
    if (rows === 0 || wav.length === 0 || wav.length % rows !== 0) throw new RangeError(`Vocoder gave ${wav.length} samples for ${rows} tokens.`);
    this.hop = wav.length / rows;
    return this.emit(wav, 0, final);
  }

  private emit(wav: Float32Array, offset: number, final: boolean): Float32Array {
    const fresh = wav.slice(this.emitted - offset); // from the first unemitted sample to the end
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
