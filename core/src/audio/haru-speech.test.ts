// Real recorded speech (Live2D's Haru sample voice lines) through the audio steps, where the assets exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sileroVad } from '../../test/speech/node-speech';
import { envelopeMouthFrames } from '../speech/mouth';
import { integratedLoudness } from './loudness';
import { decodeWav } from './wav-read';
import { reduceNoise } from './denoise';
import { analyzeSpeech, trimSilence } from './speech-activity';
import { sniffType } from './sniff';

const SOUNDS = fileURLToPath(new URL('../../../../shared/assets/live2d/Haru/sounds/', import.meta.url));
const clips = existsSync(SOUNDS) ? readdirSync(SOUNDS).filter((f) => f.endsWith('.wav')) : [];
if (clips.length === 0) console.warn(`[skip] ${SOUNDS} is absent: the recorded-speech tests are skipped (they are about those recordings; synthetic audio covers the same steps elsewhere).`);

// Real models on a busy 2-core CI box: the timeout only guards against hangs.
describe.skipIf(clips.length === 0)('real recorded speech (Haru clips)', { timeout: 60_000 }, () => {
  it.each(clips)('%s: sniffed, decoded, measured, and drives the mouth', (name) => {
    const bytes = new Uint8Array(readFileSync(SOUNDS + name));
    expect(sniffType(bytes)).toBe('wav');
    const audio = decodeWav(bytes);
    expect(audio.info.durationSec).toBeGreaterThan(0.5);
    const lufs = integratedLoudness(audio);
    expect(lufs).toBeGreaterThan(-40);
    expect(lufs).toBeLessThan(0);
    expect(envelopeMouthFrames(audio.channels[0]!, audio.sampleRate).some((f) => f.open > 0.5)).toBe(true);
  });

  it('Silero hears the spoken lines; trimming and denoising keep their speech', async () => {
    const vad = await sileroVad();
    let spoken = 0;
    for (const name of clips) {
      const audio = decodeWav(new Uint8Array(readFileSync(SOUNDS + name)));
      const analysis = await analyzeSpeech(vad, audio);
      // Some clips are sustained vocalisations rather than words (Silero v5 and v6 both give them < 0.1).
      if (analysis.speechSec < 0.5 * audio.info.durationSec) continue;
      spoken++;
      const { audio: trimmed } = await trimSilence(vad, audio);
      expect(trimmed.channels[0]!.length / audio.sampleRate).toBeGreaterThan(analysis.speechSec);
      const cleaned = reduceNoise(audio.channels[0]!, audio.sampleRate);
      const after = await analyzeSpeech(vad, { sampleRate: audio.sampleRate, channels: [cleaned] });
      expect(after.speechSec).toBeGreaterThan(0.8 * analysis.speechSec);
    }
    expect(spoken).toBeGreaterThanOrEqual(Math.min(2, clips.length));
  });
});
