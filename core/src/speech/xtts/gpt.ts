// The autoregressive XTTS GPT loop: prefix embeddings, KV cache fed back step by step, sampled audio codes.
import type { TensorFactory, TensorLike } from '../../audio/onnx-like';
import { TtsError } from '../engine';
import type { XttsConfig } from './config';
import { sampleToken, type SamplingOptions } from './sampling';
import { outputAt, throwIfAborted, type XttsSession } from './session';

/** The four .npy tables, row-major [rows, width]. */
export interface XttsTables {
  readonly melEmbedding: Float32Array;
  readonly melPosEmbedding: Float32Array;
  readonly textEmbedding: Float32Array;
  readonly textPosEmbedding: Float32Array;
}

export interface GenerateOptions {
  readonly sampling?: SamplingOptions;
  readonly random: () => number;
  readonly maxTokens?: number;
  /** Suppress stop_audio before this many codes (benchmarks on random weights need a fixed length). */
  readonly minTokens?: number;
  readonly signal?: AbortSignal;
}

export interface AudioToken {
  readonly code: number;
  /** GPT hidden state of the position that predicted this code: the vocoder's latent for it. */
  readonly latent: Float32Array;
}

function addRows(
  out: Float32Array,
  at: number,
  a: Float32Array,
  ai: number,
  b: Float32Array,
  bi: number,
  w: number,
): void {
  for (let j = 0; j < w; j++) out[at + j] = a[ai * w + j]! + b[bi * w + j]!;
}

/** Prefix = conditioning rows, then [start_text, ids..., stop_text] with text positions, then start_audio at mel position 0. */
export function buildPrefix(
  cfg: XttsConfig,
  t: XttsTables,
  condLatent: Float32Array,
  textIds: readonly number[],
): Float32Array {
  const w = cfg.width;
  const text = [cfg.startText, ...textIds, cfg.stopText];
  if (text.length > t.textPosEmbedding.length / w)
    throw new TtsError(
      'TTS_TEXT_TOO_LONG',
      `Text has ${text.length} tokens; the model takes ${t.textPosEmbedding.length / w}.`,
    );
  const rows = cfg.condLatents + text.length + 1;
  const out = new Float32Array(rows * w);
  out.set(condLatent.subarray(0, cfg.condLatents * w), 0);
  text.forEach((id, i) => {
    if (id < 0 || id >= t.textEmbedding.length / w)
      throw new TtsError('TTS_ENGINE_FAILED', `Text token ${id} is outside text_embedding.`, false);
    addRows(out, (cfg.condLatents + i) * w, t.textEmbedding, id, t.textPosEmbedding, i, w);
  });
  addRows(out, (rows - 1) * w, t.melEmbedding, cfg.startAudio, t.melPosEmbedding, 0, w);
  return out;
}

/** Logits of the last row; start_audio is never a choice, stop_audio only when allowed. */
function lastLogits(cfg: XttsConfig, logits: TensorLike & { data: Float32Array }, allowStop: boolean): Float32Array {
  const v = logits.dims[logits.dims.length - 1] ?? cfg.audioVocab;
  const rows = logits.data.length / v;
  const out = logits.data.slice((rows - 1) * v, rows * v);
  for (let i = 0; i < out.length; i++) {
    if (i === cfg.startAudio || (i === cfg.stopAudio && !allowStop)) out[i] = -Infinity;
  }
  return out;
}

/** Yields sampled codes with their latents until stop_audio or the token limit; honours the abort signal per step. */
export async function* generateAudioTokens(
  session: XttsSession,
  tensor: TensorFactory,
  cfg: XttsConfig,
  tables: XttsTables,
  prefix: Float32Array,
  o: GenerateOptions,
): AsyncGenerator<AudioToken> {
  const { width: w, heads: H, headDim: hd } = cfg;
  const limit = Math.min(o.maxTokens ?? cfg.maxAudioTokens, cfg.maxAudioTokens);
  let past: TensorLike[] = [];
  for (let l = 0; l < 2 * cfg.layers; l++) past.push(tensor('float32', new Float32Array(0), [1, H, 0, hd]));
  let embeds = prefix;
  let total = 0;
  const codes: number[] = [];
  while (codes.length < limit) {
    throwIfAborted(o.signal);
    const rows = embeds.length / w;
    total += rows;
    const feeds: Record<string, TensorLike> = {
      inputs_embeds: tensor('float32', embeds, [1, rows, w]),
      attention_mask: tensor('float32', new Float32Array(total).fill(1), [1, total]),
    };
    for (let l = 0; l < cfg.layers; l++) {
      feeds[`past_key_${l}`] = past[2 * l]!;
      feeds[`past_value_${l}`] = past[2 * l + 1]!;
    }
    const out = await session.run(feeds);
    const logits = outputAt(session, out, 0, 'logits');
    const hidden = outputAt(session, out, 1, 'hidden_states');
    past = Array.from({ length: 2 * cfg.layers }, (_, i) =>
      outputAt(session, out, 2 + i, `present_${i % 2 ? 'value' : 'key'}_${i >> 1}`),
    );
    const code = sampleToken(
      lastLogits(cfg, logits, codes.length >= (o.minTokens ?? 0)),
      codes,
      o.sampling ?? {},
      o.random,
    );
    if (code === cfg.stopAudio) return;
    codes.push(code);
    yield { code, latent: hidden.data.slice((rows - 1) * w, rows * w) };
    embeds = new Float32Array(w);
    addRows(embeds, 0, tables.melEmbedding, code, tables.melPosEmbedding, codes.length, w);
  }
}
