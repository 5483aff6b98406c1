// Streaming HiFi-GAN: vocodes the accumulated latents every few tokens and cross-fades where calls overlap.

/** Runs the vocoder on `count` latent rows (row-major, width w); returns that stretch of audio. */
export type VocodeFn = (latents: Float32Array, count: number) => Promise<Float32Array>;

export interface StreamingVocoderOptions {
  readonly width: number;
  /**
   * Output samples per token when exact (the stub: 256), or 0 when unknown. Real XTTS-v2 interpolates the latents
   * by 4 and by 24000/22050 before a 256-hop HiFi-GAN, so its samples per token are not an integer; the stream
   * only needs the ratio, which it measures from each call.
   */
  readonly hop?: number;
  /** Samples held back from each chunk and cross-faded into the next (Coqui uses 1024). */
  readonly overlap?: number;
  /**
   * Tokens of left context re-vocoded before the new ones. Infinity (default) re-vocodes everything, as Coqui's
   * streaming does, and places every call exactly; a finite value bounds the cost on long utterances and places
   * later calls by the measured samples per token (to within a sample, which the cross-fade hides).
   */
  readonly contextTokens?: number;
}

/**
 * Each `flush` vocodes latents [from, n) and returns the samples not yet emitted. The last `overlap` samples of a
 * non-final chunk are held back; the next chunk fades them out while fading in its own version of the same
 * samples, so joins carry no step. The whole stream has the length of one vocoder call over all tokens.
 */
export class StreamingVocoder {
  private latents: Float32Array[] = [];
  private emitted = 0;
  private tail = new Float32Array(0);
  private vocoded = 0;
  private samplesPerToken: number;
  private readonly overlap: number;
  private readonly context: number;

  constructor(
    private readonly vocode: VocodeFn,
    private readonly o: StreamingVocoderOptions,
  ) {
    this.overlap = Math.max(0, o.overlap ?? 1024);
    this.context = o.contextTokens ?? Infinity;
    this.samplesPerToken = o.hop ?? 0;
  }

  push(latent: Float32Array): void {
    if (latent.length !== this.o.width)
      throw new RangeError(`Latent has ${latent.length} values, expected ${this.o.width}.`);
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
    if (n === this.vocoded) {
      // Nothing new: a final flush just releases the held-back samples.
      if (!final) return new Float32Array(0);
      const out = this.tail;
      this.emitted += out.length;
      this.tail = new Float32Array(0);
      return out;
    }
    const spt = this.samplesPerToken;
    const from = spt > 0 ? Math.max(0, Math.floor(this.emitted / spt) - this.context) : 0;
    const rows = n - from;
    const input = new Float32Array(rows * this.o.width);
    for (let i = 0; i < rows; i++) input.set(this.latents[from + i]!, i * this.o.width);
    const wav = await this.vocode(input, rows);
    if (wav.length === 0) throw new RangeError(`Vocoder gave no samples for ${rows} tokens.`);
    if (this.o.hop && wav.length !== rows * this.o.hop)
      throw new RangeError(`Vocoder gave ${wav.length} samples for ${rows} tokens (hop ${this.o.hop}).`);
    this.samplesPerToken = wav.length / rows;
    this.vocoded = n;
    return this.emit(wav, from === 0 ? 0 : Math.round(from * this.samplesPerToken), final);
  }

  private emit(wav: Float32Array, offset: number, final: boolean): Float32Array {
    const fresh = wav.slice(Math.min(wav.length, this.emitted - offset)); // from the first unemitted sample on
    const fade = Math.min(this.tail.length, fresh.length);
    for (let i = 0; i < fade; i++) {
      const a = (i + 1) / (fade + 1);
      fresh[i] = fresh[i]! * a + this.tail[i]! * (1 - a);
    }
    const hold = final ? 0 : Math.min(this.overlap, fresh.length);
    const out = fresh.slice(0, fresh.length - hold);
    this.tail = fresh.length - hold < fresh.length ? wav.slice(wav.length - hold) : new Float32Array(0);
    this.emitted += out.length;
    return out;
  }
}
