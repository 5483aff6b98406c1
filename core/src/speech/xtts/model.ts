// XttsModel: loads a model folder through injected readers and sessions, clones voices and streams speech.
import type { TensorFactory } from '../../audio/onnx-like';
import { resample } from '../../audio/resample';
import { TtsError } from '../engine';
import { parseXttsConfig, type XttsConfig } from './config';
import { buildPrefix, generateAudioTokens, type XttsTables } from './gpt';
import { CONDITIONING_RATE, SPEAKER_RATE, conditioningMel, speakerMel } from './mel';
import { readNpy } from './npy';
import { XTTS_SAMPLING, seededRandom, type SamplingOptions } from './sampling';
import { firstOutput, throwIfAborted, type XttsGraph, type XttsRuntime, type XttsSession } from './session';
import { splitForXtts } from './text-chunks';
import { prepareXttsLanguage } from './text-clean';
import { createXttsTokenizer, type XttsTokenizer } from './tokenizer';
import { makeVoice, type XttsVoice } from './voice';
import { StreamingVocoder } from './vocoder-stream';

/** Files are read by path relative to the model folder: Node reads the disk, the browser fetches or reads OPFS. */
export type ReadModelFile = (path: string) => Promise<Uint8Array>;
export type CreateXttsSession = (graph: XttsGraph, file: string) => Promise<XttsSession>;

export interface LoadXttsOptions {
  readonly readFile: ReadModelFile;
  readonly createSession: CreateXttsSession;
  readonly tensor: TensorFactory;
  /** `gpt_model.onnx` (default) or `gpt_model_int8.onnx`. */
  readonly gptFile?: string;
  readonly onProgress?: (step: string, done: number, total: number) => void;
}

export interface CloneOptions {
  readonly signal?: AbortSignal;
  /**
   * 6 s windows of the reference whose conditioning latents are averaged. 1 (default) uses the first 6 s, as the
   * contract says; more follows Coqui's chunked conditioning (gpt_cond_chunk_len) over longer references.
   */
  readonly conditioningWindows?: number;
}

export interface SpeakOptions {
  readonly language?: string;
  readonly sampling?: SamplingOptions;
  /** Seed of the sampler; the same seed, text and voice give the same audio. */
  readonly seed?: number;
  /** Vocode every this many tokens (about 20 ≈ 0.93 s of audio). */
  readonly streamEvery?: number;
  /** Tokens before the first chunk (default streamEvery): fewer start playback sooner. */
  readonly firstChunkTokens?: number;
  readonly overlapSamples?: number;
  /** Tokens of left context each streaming vocoder call re-reads (default: all, as Coqui does). */
  readonly vocoderContextTokens?: number;
  readonly maxTokensPerChunk?: number;
  readonly minTokensPerChunk?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SpeakProgress) => void;
}

export interface SpeakProgress {
  readonly textChunk: number;
  readonly textChunks: number;
  readonly tokens: number;
  readonly maxTokens: number;
  /** The audio code just generated. */
  readonly code: number;
}

export interface XttsAudioChunk {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  /** Index of this chunk's first sample in the whole utterance. */
  readonly startSample: number;
  readonly textChunk: number;
  /** Audio tokens of this text chunk vocoded so far. */
  readonly tokens: number;
  /** True on the last audio chunk of a text chunk. */
  readonly endOfText: boolean;
}

/** Conditioning uses about 6 s of reference (as XTTS's chunked conditioning does); the speaker at most 30 s. */
const COND_SECONDS = 6;
const SPEAKER_SECONDS = 30;

export class XttsModel {
  private constructor(
    readonly config: XttsConfig,
    readonly tokenizer: XttsTokenizer,
    private readonly rt: XttsRuntime,
    private readonly tables: XttsTables,
    private readonly melStats: Float32Array,
  ) {}

  static async load(o: LoadXttsOptions): Promise<XttsModel> {
    const steps = 10;
    let done = 0;
    const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const r = await fn();
      o.onProgress?.(name, ++done, steps);
      return r;
    };
    const json = async (p: string): Promise<unknown> =>
      JSON.parse(new TextDecoder().decode(await o.readFile(p))) as unknown;
    const metadata = await step('metadata.json', () => json('metadata.json'));
    const tokenizer = createXttsTokenizer(await step('vocab.json', () => json('vocab.json')));
    const npy = (p: string) => step(p, async () => readNpy(await o.readFile(p)));
    const melStats = (await npy('mel_stats.npy')).data;
    const mel = await npy('embeddings/mel_embedding.npy');
    const melPos = await npy('embeddings/mel_pos_embedding.npy');
    const text = await npy('embeddings/text_embedding.npy');
    const textPos = await npy('embeddings/text_pos_embedding.npy');
    const config = parseXttsConfig({
      metadata,
      tokenizer,
      melEmbeddingShape: mel.shape,
      melPositions: melPos.shape[0] ?? 0,
    });
    for (const [name, t] of [
      ['mel_embedding', mel],
      ['mel_pos_embedding', melPos],
      ['text_embedding', text],
      ['text_pos_embedding', textPos],
    ] as const) {
      if (t.shape.length !== 2 || t.shape[1] !== config.width)
        throw new TtsError('TTS_ENGINE_FAILED', `${name}.npy is not [rows, ${config.width}].`, false);
    }
    const session = (g: XttsGraph, file: string) => step(file, () => o.createSession(g, file));
    const rt: XttsRuntime = {
      conditioning: await session('conditioning_encoder', 'conditioning_encoder.onnx'),
      speaker: await session('speaker_encoder', 'speaker_encoder.onnx'),
      gpt: await session('gpt_model', o.gptFile ?? 'gpt_model.onnx'),
      vocoder: await session('hifigan_vocoder', 'hifigan_vocoder.onnx'),
      tensor: o.tensor,
    };
    const tables = {
      melEmbedding: mel.data,
      melPosEmbedding: melPos.data,
      textEmbedding: text.data,
      textPosEmbedding: textPos.data,
    };
    return new XttsModel(config, tokenizer, rt, tables, melStats);
  }

  /** Clones a voice from mono reference audio at any rate: conditioning latents plus speaker embedding. */
  async cloneVoice(samples: Float32Array, sampleRate: number, o: CloneOptions = {}): Promise<XttsVoice> {
    if (samples.length < sampleRate * 0.5)
      throw new TtsError('TTS_ENGINE_FAILED', 'Reference audio is shorter than half a second.');
    const { tensor } = this.rt;
    const { condLatents, width, speakerDim } = this.config;
    const windowLen = Math.floor(sampleRate * COND_SECONDS);
    const windows = Math.max(1, Math.min(o.conditioningWindows ?? 1, Math.ceil(samples.length / windowLen)));
    const cond = new Float32Array(condLatents * width);
    for (let w = 0; w < windows; w++) {
      throwIfAborted(o.signal);
      const piece = samples.subarray(w * windowLen, (w + 1) * windowLen);
      const cm = conditioningMel(resample(piece, sampleRate, CONDITIONING_RATE), this.melStats);
      const out = await this.rt.conditioning.run({ mel_spectrogram: tensor('float32', cm.data, [1, 80, cm.frames]) });
      const latent = firstOutput(this.rt.conditioning, out, 'gpt_cond_latent');
      if (latent.length !== cond.length)
        throw new TtsError('TTS_ENGINE_FAILED', 'Encoder outputs do not match metadata.json.', false);
      for (let i = 0; i < cond.length; i++) cond[i] = cond[i]! + latent[i]! / windows;
    }
    throwIfAborted(o.signal);
    const at16 = resample(samples.subarray(0, Math.floor(sampleRate * SPEAKER_SECONDS)), sampleRate, SPEAKER_RATE);
    const sm = speakerMel(at16);
    const spkOut = await this.rt.speaker.run({ mel_spec: tensor('float32', sm.data, [1, 64, sm.frames]) });
    const spk = firstOutput(this.rt.speaker, spkOut, 'speaker_embedding');
    if (spk.length !== speakerDim)
      throw new TtsError('TTS_ENGINE_FAILED', 'Encoder outputs do not match metadata.json.', false);
    return makeVoice(cond, condLatents, spk.slice());
  }

  /**
   * Token ids per text chunk (chunks within the language's character limit). Other languages than English clean
   * fully only once `prepareXttsLanguage(language)` has resolved; `speak` waits for it itself.
   */
  tokenize(text: string, language = 'en'): number[][] {
    return splitForXtts(text, language).map((c) => this.tokenizer.encode(c, language));
  }

  /** Streams speech as 24 kHz chunks; throws TtsError TTS_ABORTED when the signal fires. */
  async *speak(text: string, voice: XttsVoice, o: SpeakOptions = {}): AsyncGenerator<XttsAudioChunk> {
    const cfg = this.config;
    if (
      voice.width !== cfg.width ||
      voice.condRows !== cfg.condLatents ||
      voice.speakerEmbedding.length !== cfg.speakerDim
    ) {
      throw new TtsError('TTS_UNKNOWN_VOICE', 'This voice was cloned with a different model.');
    }
    const language = o.language ?? 'en';
    await prepareXttsLanguage(language);
    const chunks = this.tokenize(text, language);
    const random = seededRandom(o.seed ?? (Math.random() * 2 ** 32) >>> 0);
    let startSample = 0;
    for (const [index, ids] of chunks.entries()) {
      for await (const c of this.speakChunk(ids, voice, o, random, { index, count: chunks.length, startSample })) {
        startSample += c.samples.length;
        yield c;
      }
    }
  }

  /** One text chunk: GPT codes streamed into the vocoder, flushed after `firstChunkTokens`, then every `streamEvery`. */
  private async *speakChunk(
    ids: readonly number[],
    voice: XttsVoice,
    o: SpeakOptions,
    random: () => number,
    at: { index: number; count: number; startSample: number },
  ): AsyncGenerator<XttsAudioChunk> {
    const cfg = this.config;
    const every = Math.max(1, o.streamEvery ?? 20);
    const maxTokens = Math.min(o.maxTokensPerChunk ?? cfg.maxAudioTokens, cfg.maxAudioTokens);
    const vocoder = new StreamingVocoder((lat, n) => this.vocode(lat, n, voice), {
      width: cfg.width,
      overlap: o.overlapSamples ?? 1024,
      contextTokens: o.vocoderContextTokens,
    });
    const tokens = generateAudioTokens(
      this.rt.gpt,
      this.rt.tensor,
      cfg,
      this.tables,
      buildPrefix(cfg, this.tables, voice.condLatent, ids),
      {
        sampling: { ...XTTS_SAMPLING, ...o.sampling },
        random,
        maxTokens,
        minTokens: o.minTokensPerChunk,
        signal: o.signal,
      },
    );
    let startSample = at.startSample;
    const emit = async (final: boolean): Promise<XttsAudioChunk> => {
      throwIfAborted(o.signal);
      const samples = await vocoder.flush(final);
      const chunk = {
        samples,
        sampleRate: cfg.sampleRate,
        startSample,
        textChunk: at.index,
        tokens: vocoder.tokens,
        endOfText: final,
      };
      startSample += samples.length;
      return chunk;
    };
    let flushAt = Math.max(1, o.firstChunkTokens ?? every);
    for await (const t of tokens) {
      vocoder.push(t.latent);
      o.onProgress?.({ textChunk: at.index, textChunks: at.count, tokens: vocoder.tokens, maxTokens, code: t.code });
      if (vocoder.tokens !== flushAt) continue;
      flushAt += every;
      const c = await emit(false);
      if (c.samples.length > 0) yield c;
    }
    yield await emit(true);
  }

  /** Whole utterance at once (concatenated stream). */
  async synthesize(text: string, voice: XttsVoice, o: SpeakOptions = {}): Promise<Float32Array> {
    const parts: Float32Array[] = [];
    for await (const c of this.speak(text, voice, o)) parts.push(c.samples);
    const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  }

  private async vocode(latents: Float32Array, count: number, voice: XttsVoice): Promise<Float32Array> {
    const { tensor } = this.rt;
    const out = await this.rt.vocoder.run({
      latents: tensor('float32', latents, [1, count, this.config.width]),
      speaker_embedding: tensor('float32', voice.speakerEmbedding, [1, voice.speakerEmbedding.length, 1]),
    });
    return firstOutput(this.rt.vocoder, out, 'waveform');
  }
}
