import { describe, expect, it } from 'vitest';
import { makeVoice, voiceFromBase64, voiceFromBytes, voiceToBase64, voiceToBytes, XttsVoiceError } from './voice';

const voice = makeVoice(
  Float32Array.from({ length: 12 }, (_, i) => i / 7),
  3,
  Float32Array.from([0.5, -0.25]),
);

describe('XTTS voice storage', () => {
  it('round-trips through bytes and base64', () => {
    for (const back of [voiceFromBytes(voiceToBytes(voice)), voiceFromBase64(voiceToBase64(voice))]) {
      expect(back.condRows).toBe(3);
      expect(back.width).toBe(4);
      expect([...back.condLatent]).toEqual([...voice.condLatent]);
      expect([...back.speakerEmbedding]).toEqual([...voice.speakerEmbedding]);
    }
  });

  it('refuses truncated, resized, foreign and non-finite data', () => {
    const bytes = voiceToBytes(voice);
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(20, NaN, true);
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(12, 0xffffffff, true);
    for (const bad of [bytes.subarray(0, 30), bytes.subarray(0, 5), nan, huge, new Uint8Array(40)])
      expect(() => voiceFromBytes(bad)).toThrow(XttsVoiceError);
    expect(() => voiceFromBase64('@@@')).toThrow(XttsVoiceError);
    expect(() => makeVoice(new Float32Array(5), 2, new Float32Array(1))).toThrow(XttsVoiceError);
  });
});
