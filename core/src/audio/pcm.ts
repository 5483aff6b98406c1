// The in-memory audio shape every audio function takes and returns: planar float32 at one sample rate.
export interface PcmAudio {
  readonly sampleRate: number;
  /** One Float32Array per channel, samples in [-1, 1], all the same length. */
  readonly channels: readonly Float32Array[];
}

export function frameCount(audio: PcmAudio): number {
  return audio.channels[0]?.length ?? 0;
}

export function durationSeconds(audio: PcmAudio): number {
  return frameCount(audio) / audio.sampleRate;
}

/** Averages all channels into one; a mono input is returned as is (not copied). */
export function toMono(audio: PcmAudio): Float32Array {
  const [first, ...rest] = audio.channels;
  if (!first) return new Float32Array(0);
  if (rest.length === 0) return first;
  const out = new Float32Array(first.length);
  for (const ch of audio.channels) for (let i = 0; i < out.length; i++) out[i]! += ch[i] ?? 0;
  const scale = 1 / audio.channels.length;
  for (let i = 0; i < out.length; i++) out[i]! *= scale;
  return out;
}

export function mono(samples: Float32Array, sampleRate: number): PcmAudio {
  return { sampleRate, channels: [samples] };
}

export function peak(samples: Float32Array): number {
  let p = 0;
  for (const s of samples) {
    const a = Math.abs(s);
    if (a > p) p = a;
  }
  return p;
}

export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / samples.length);
}

/** Float32 [-1, 1] → Int16 with clipping, as encoders and players expect. */
export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    out[i] = s < 0 ? Math.round(s * 32768) : Math.round(s * 32767);
  }
  return out;
}

export function int16ToFloat(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 32768;
  return out;
}
