// Checks a voice sample before cloning: length, level, how much of it has sound, clipping; says why one is refused.
import { integratedLoudness, mono } from '@companion/core/audio';

/** XTTS conditions on about 6 s; 5-10 s of clean speech works best, 3-30 s is accepted (as the server's clone route). */
export const SAMPLE_LIMITS = { minSec: 3, maxSec: 30, bestMinSec: 5, bestMaxSec: 10, minSoundSec: 2, minLufs: -40 } as const;

export interface SampleProblem {
  code: 'TOO_SHORT' | 'TOO_LONG' | 'SILENT' | 'TOO_QUIET' | 'TOO_LITTLE_SOUND' | 'CLIPPED' | 'NOT_IDEAL_LENGTH';
  message: string;
}

export interface SampleCheck {
  /** False when a refusal is among the problems; warnings alone still allow cloning. */
  ok: boolean;
  durationSec: number;
  /** Integrated loudness (ITU-R BS.1770), -Infinity for silence. */
  loudnessLufs: number;
  /** Seconds of 20 ms frames louder than -40 dBFS: a rough measure of how much is speech rather than pause. */
  soundSec: number;
  refusals: SampleProblem[];
  warnings: SampleProblem[];
}

const FRAME_SEC = 0.02;
const SOUND_DBFS = -40;
const CLIP_LEVEL = 0.999;

function soundSeconds(samples: Float32Array, rate: number): number {
  const frame = Math.max(1, Math.round(rate * FRAME_SEC));
  let loud = 0;
  for (let at = 0; at + frame <= samples.length; at += frame) {
    let sum = 0;
    for (let i = at; i < at + frame; i++) sum += samples[i]! * samples[i]!;
    if (10 * Math.log10(sum / frame + 1e-12) > SOUND_DBFS) loud++;
  }
  return loud * (frame / rate);
}

function clippedFraction(samples: Float32Array): number {
  let n = 0;
  for (const s of samples) if (Math.abs(s) >= CLIP_LEVEL) n++;
  return samples.length === 0 ? 0 : n / samples.length;
}

export function checkSample(samples: Float32Array, sampleRate: number): SampleCheck {
  const L = SAMPLE_LIMITS;
  const durationSec = samples.length / sampleRate;
  const loudnessLufs = integratedLoudness(mono(samples, sampleRate));
  const soundSec = soundSeconds(samples, sampleRate);
  const refusals: SampleProblem[] = [];
  const warnings: SampleProblem[] = [];
  if (durationSec < L.minSec)
    refusals.push({ code: 'TOO_SHORT', message: `The sample is ${durationSec.toFixed(1)} s long; at least ${L.minSec} s is needed (5-10 s works best).` });
  if (durationSec > L.maxSec)
    refusals.push({ code: 'TOO_LONG', message: `The sample is ${durationSec.toFixed(1)} s long; the most is ${L.maxSec} s. Cut it to the 5-10 s that sound best.` });
  if (!Number.isFinite(loudnessLufs)) refusals.push({ code: 'SILENT', message: 'The sample is silent: check that the right microphone or file was used.' });
  else if (loudnessLufs < L.minLufs)
    refusals.push({ code: 'TOO_QUIET', message: `The sample is very quiet (${loudnessLufs.toFixed(0)} LUFS): record closer to the microphone or raise its level.` });
  else if (refusals.length === 0 && soundSec < L.minSoundSec)
    refusals.push({ code: 'TOO_LITTLE_SOUND', message: `Only ${soundSec.toFixed(1)} s of the sample has sound; at least ${L.minSoundSec} s of speech is needed.` });
  if (clippedFraction(samples) > 0.001)
    warnings.push({ code: 'CLIPPED', message: 'The sample is clipped (too loud in places): the clone may sound harsh. Record a little quieter if you can.' });
  if (refusals.length === 0 && (durationSec < L.bestMinSec || durationSec > L.bestMaxSec))
    warnings.push({ code: 'NOT_IDEAL_LENGTH', message: `${durationSec.toFixed(1)} s is accepted; 5-10 s of clear speech usually gives a closer voice.` });
  return { ok: refusals.length === 0, durationSec, loudnessLufs, soundSec, refusals, warnings };
}
