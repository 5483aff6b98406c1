// Reads an XTTS model folder's metadata.json (and vocab.json, table shapes) into the numbers the pipeline needs.
import type { XttsTokenizer } from './tokenizer';

export interface XttsConfig {
  readonly layers: number;
  readonly heads: number;
  readonly headDim: number;
  /** GPT width: rows of the embedding tables, latents and hidden states. */
  readonly width: number;
  /** Logit count of the GPT head (1026 real: codes, start_audio, stop_audio). */
  readonly audioVocab: number;
  /** Rows of gpt_cond_latent (32 real). */
  readonly condLatents: number;
  /** Length of the speaker embedding (512 real). */
  readonly speakerDim: number;
  readonly startAudio: number;
  readonly stopAudio: number;
  readonly startText: number;
  readonly stopText: number;
  readonly maxAudioTokens: number;
  /**
   * Informational only (0 when metadata is silent): the stream measures samples per token from the vocoder. The
   * contract's table gives T·256 samples, its prose ~21.5 tokens per second; Coqui's HiFi-GAN decoder
   * interpolates latents by 4 and by 24000/22050 before its 256 hop (about 1115 samples per token), and a
   * metadata "hop_length" may mean that 256, so the pipeline trusts neither.
   */
  readonly hop: number;
  readonly sampleRate: number;
}

export class XttsConfigError extends Error {
  override readonly name = 'XttsConfigError';
  readonly code = 'XTTS_BAD_METADATA';
}

/** Every numeric leaf of the metadata by its key, nested sections flattened (first occurrence wins). */
function flatten(value: unknown, into = new Map<string, number>(), depth = 0): Map<string, number> {
  if (depth > 8 || typeof value !== 'object' || value === null) return into;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'number' && Number.isFinite(v) && !into.has(k)) into.set(k, v);
    else if (typeof v === 'object') flatten(v, into, depth + 1);
  }
  return into;
}

const ALIASES = {
  layers: ['num_layers', 'gpt_layers', 'n_layer', 'num_hidden_layers', 'layers'],
  heads: ['num_heads', 'gpt_n_heads', 'n_head', 'num_attention_heads', 'heads'],
  headDim: ['head_dim'],
  width: ['hidden_size', 'gpt_n_model_channels', 'n_embd', 'model_dim', 'width'],
  audioVocab: ['num_audio_tokens', 'gpt_num_audio_tokens', 'audio_vocab_size'],
  condLatents: ['num_cond_latents', 'gpt_cond_latents', 'cond_latent_len'],
  speakerDim: ['speaker_embedding_dim', 'd_vector_dim', 'speaker_dim'],
  startAudio: ['start_audio_token', 'gpt_start_audio_token'],
  stopAudio: ['stop_audio_token', 'gpt_stop_audio_token'],
  startText: ['start_text_token', 'gpt_start_text_token'],
  stopText: ['stop_text_token', 'gpt_stop_text_token'],
  maxAudioTokens: ['max_audio_tokens', 'gpt_max_audio_tokens', 'max_gen_mel_tokens'],
  hop: ['samples_per_token', 'hop_length', 'decoder_hop'],
  sampleRate: ['output_sample_rate', 'sample_rate', 'sampling_rate'],
} as const satisfies Record<keyof XttsConfig, readonly string[]>;

export interface ConfigSources {
  readonly metadata: unknown;
  readonly tokenizer: XttsTokenizer;
  /** Rows and width of mel_embedding, used where metadata does not say. */
  readonly melEmbeddingShape: readonly number[];
  /** Rows of mel_pos_embedding: the most audio positions the model can take. */
  readonly melPositions: number;
}

export function parseXttsConfig(src: ConfigSources): XttsConfig {
  const flat = flatten(src.metadata);
  const get = (key: keyof XttsConfig): number | undefined => {
    for (const alias of ALIASES[key]) {
      const v = flat.get(alias);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const need = (key: keyof XttsConfig, fallback?: number): number => {
    const v = get(key) ?? fallback;
    if (v === undefined || !Number.isInteger(v) || v < 0)
      throw new XttsConfigError(`metadata.json does not give ${key} (${ALIASES[key].join(' / ')}).`);
    return v;
  };
  const width = need('width', src.melEmbeddingShape[1]);
  const heads = need('heads');
  const config: XttsConfig = {
    layers: need('layers'),
    heads,
    headDim: need('headDim', heads > 0 ? width / heads : undefined),
    width,
    audioVocab: need('audioVocab', src.melEmbeddingShape[0]),
    condLatents: need('condLatents', 32),
    speakerDim: need('speakerDim', 512),
    startAudio: need('startAudio'),
    stopAudio: need('stopAudio'),
    startText: need('startText', src.tokenizer.tokenId('[START]')),
    stopText: need('stopText', src.tokenizer.tokenId('[STOP]')),
    maxAudioTokens: Math.min(need('maxAudioTokens', 605), src.melPositions - 1),
    hop: need('hop', 0),
    sampleRate: need('sampleRate', 24000),
  };
  if (config.headDim * config.heads !== config.width)
    throw new XttsConfigError('heads × head_dim must equal the width.');
  for (const k of ['startAudio', 'stopAudio'] as const) {
    if (config[k] >= config.audioVocab) throw new XttsConfigError(`${k} is outside the audio vocabulary.`);
  }
  return config;
}
