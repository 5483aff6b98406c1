// Which mouth frames a piece of speech gets, on both sides: the viseme track where the engine gave phoneme timings
// (espeak-ng), else the loudness envelope (XTTS without alignment, a voice that gave none). One rule, so the browser
// worker and the server animate the same speech the same way.
import { envelopeMouthFrames, mouthFrames, type MouthFrame } from './mouth';
import { visemeTrack, type PhonemeEvent, type VisemeCue } from './visemes';

export type MouthFrameSource = 'phonemes' | 'envelope';

export interface SpeechMouth {
  visemes: VisemeCue[];
  mouth: MouthFrame[];
  mouthSource: MouthFrameSource;
}

export function mouthForSpeech(
  speech: { samples: Float32Array; sampleRate: number; phonemes: readonly PhonemeEvent[]; durationMs: number },
  fps: number,
): SpeechMouth {
  const visemes = speech.phonemes.length > 0 ? visemeTrack(speech.phonemes, speech.durationMs) : [];
  if (visemes.length > 0) return { visemes, mouth: mouthFrames(visemes, speech.durationMs, { fps }), mouthSource: 'phonemes' };
  return { visemes, mouth: envelopeMouthFrames(speech.samples, speech.sampleRate, { fps }), mouthSource: 'envelope' };
}
