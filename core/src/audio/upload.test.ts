import { describe, expect, it } from 'vitest';
import { espeakEngine, sileroVad } from '../../test/speech/node-speech';
import { AUDIO_ERROR_STATUS, AudioError } from './errors';
import { encodeMp3 } from './mp3';
import { CLONE_SAMPLE_POLICY, inspectAudioUpload, VOICE_SAMPLE_POLICY } from './upload';
import { encodeWav } from './wav-write';

async function speechSeconds(seconds: number): Promise<Float32Array> {
  const engine = await espeakEngine();
  const parts: Float32Array[] = [];
  let total = 0;
  while (total < seconds * 22050) {
    const r = await engine.synthesize('This is my voice, recorded for the companion to learn how I sound.');
    parts.push(r.samples);
    total += r.samples.length;
  }
  const out = new Float32Array(Math.round(seconds * 22050));
  let at = 0;
  for (const p of parts) {
    out.set(p.subarray(0, out.length - at), at);
    at += p.length;
    if (at >= out.length) break;
  }
  return out;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof AudioError) return `${e.code} ${AUDIO_ERROR_STATUS[e.code]}`;
    throw e;
  }
}

// Real models (espeak-ng, Silero) on a busy 2-core CI box: the timeout only guards against hangs.
describe('inspectAudioUpload', { timeout: 60_000 }, () => {
  it('accepts a clean speech sample and reports its speech', async () => {
    const wav = encodeWav({ sampleRate: 22050, channels: [await speechSeconds(6)] });
    const result = await inspectAudioUpload(wav, CLONE_SAMPLE_POLICY, await sileroVad());
    expect(result.type).toBe('wav');
    expect(result.durationSec).toBeCloseTo(6, 1);
    expect(result.speech!.speechSec).toBeGreaterThan(4);
  });

  it('gives a clear 4xx for every bad upload', async () => {
    const vad = await sileroVad();
    const speech = await speechSeconds(4);
    const wav = (x: Float32Array, rate = 22050) => encodeWav({ sampleRate: rate, channels: [x] });
    const mp3 = await encodeMp3({ sampleRate: 22050, channels: [speech] });
    const cases: [string, () => Promise<unknown>][] = [
      ['AUDIO_TOO_LARGE 413', () => inspectAudioUpload(new Uint8Array(11 * 1024 * 1024), CLONE_SAMPLE_POLICY)],
      [
        'AUDIO_WRONG_TYPE 415',
        () =>
          inspectAudioUpload(
            new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
            CLONE_SAMPLE_POLICY,
          ),
      ],
      ['AUDIO_WRONG_TYPE 415', () => inspectAudioUpload(mp3, CLONE_SAMPLE_POLICY)],
      ['AUDIO_TOO_SHORT 422', () => inspectAudioUpload(wav(speech.subarray(0, 22050)), CLONE_SAMPLE_POLICY)],
      ['AUDIO_TOO_LONG 422', () => inspectAudioUpload(wav(new Float32Array(8000 * 31), 8000), CLONE_SAMPLE_POLICY)],
      ['AUDIO_SILENT 422', () => inspectAudioUpload(wav(new Float32Array(22050 * 5)), CLONE_SAMPLE_POLICY, vad)],
      [
        'AUDIO_BAD_SAMPLE_RATE 422',
        () => inspectAudioUpload(wav(new Float32Array(96000 * 4), 96000), CLONE_SAMPLE_POLICY),
      ],
      ['AUDIO_TRUNCATED 422', () => inspectAudioUpload(wav(speech).subarray(0, 40), CLONE_SAMPLE_POLICY)],
    ];
    for (const [expected, run] of cases) expect(await codeOf(run())).toBe(expected);
  });

  it('accepts MP3 where the policy allows it', async () => {
    const mp3 = await encodeMp3({ sampleRate: 22050, channels: [await speechSeconds(11)] });
    const result = await inspectAudioUpload(mp3, VOICE_SAMPLE_POLICY, await sileroVad());
    expect(result.type).toBe('mp3');
    expect(result.speech!.meanProbability).toBeGreaterThan(0.5);
  });
});
