import { describe, expect, it } from 'vitest';
import { parseXttsConfig, XttsConfigError } from './config';
import { buildTestVocab } from './test-vocab';
import { createXttsTokenizer } from './tokenizer';

const tokenizer = createXttsTokenizer(buildTestVocab().json);
const base = { tokenizer, melEmbeddingShape: [1026, 1024], melPositions: 608 };

describe('parseXttsConfig', () => {
  it('reads ids and dims under several spellings, nested, with text ids from the vocab when absent', () => {
    const c = parseXttsConfig({
      ...base,
      metadata: {
        gpt: { n_layer: 30, num_attention_heads: 16 },
        tokens: { gpt_start_audio_token: 1024, gpt_stop_audio_token: 1025 },
      },
    });
    expect(c).toMatchObject({
      layers: 30,
      heads: 16,
      headDim: 64,
      width: 1024,
      audioVocab: 1026,
      startAudio: 1024,
      stopAudio: 1025,
      hop: 0,
      sampleRate: 24000,
    });
    expect(c.startText).toBe(tokenizer.tokenId('[START]'));
    expect(c.stopText).toBe(0);
    expect(c.maxAudioTokens).toBe(605);
  });

  it('never guesses audio token ids and checks shapes', () => {
    expect(() => parseXttsConfig({ ...base, metadata: { num_layers: 30, num_heads: 16 } })).toThrow(XttsConfigError);
    expect(() =>
      parseXttsConfig({
        ...base,
        metadata: { num_layers: 2, num_heads: 3, start_audio_token: 1, stop_audio_token: 2 },
      }),
    ).toThrow(XttsConfigError);
    expect(() =>
      parseXttsConfig({
        ...base,
        metadata: { num_layers: 2, num_heads: 16, start_audio_token: 1026, stop_audio_token: 2 },
      }),
    ).toThrow(XttsConfigError);
    expect(() => parseXttsConfig({ ...base, metadata: 'nope' })).toThrow(XttsConfigError);
  });
});
