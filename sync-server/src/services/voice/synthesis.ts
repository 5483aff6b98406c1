// Bounded synthesis (R3): every engine call goes through one pool; voices resolve to an engine per user (A5).
import { encodeMp3, encodeWav, mono } from '@companion/core/audio';
import {
  envelopeMouthFrames,
  mouthFrames,
  visemeTrack,
  type MouthFrame,
  type PhonemeEvent,
  type SynthesisOptions,
  type SynthesisResult,
  type TtsEngine,
  type VisemeCue,
} from '@companion/core/speech';
import { createXttsEngine, voiceFromBytes, type XttsModel, type XttsVoice } from '@companion/core/speech/xtts';
import { SentenceSplitter } from '@companion/core/text';
import { AppError } from '../../errors.ts';
import type { GenerationPool } from '../../inference/generation-pool.ts';
import { CLONE_PREFIX, DEFAULT_VOICE, ttsErrorToApp, VoiceEngineRegistry } from './engines.ts';
import type { VoiceFiles } from './files.ts';
import type { VoiceStore } from './store.ts';

export type AudioFormat = 'wav' | 'mp3';

export interface SpeakRequest {
  text: string;
  voice?: string | undefined;
  rate?: number | undefined;
  pitch?: number | undefined;
}

export interface Spoken {
  samples: Float32Array;
  sampleRate: number;
  durationMs: number;
  engine: string;
  visemes: VisemeCue[];
  mouth: MouthFrame[];
}

export interface SynthesisDeps {
  registry: VoiceEngineRegistry;
  store: VoiceStore;
  files: VoiceFiles;
  pool: GenerationPool;
  maxChars: number;
  /** Clones a pending voice from its stored sample when XTTS is present (service.ts). */
  materialize: (userId: string, modelId: string) => Promise<Uint8Array>;
}

export async function encodeAudio(samples: Float32Array, sampleRate: number, format: AudioFormat): Promise<Uint8Array> {
  const audio = mono(samples, sampleRate);
  return format === 'mp3' ? encodeMp3(audio) : encodeWav(audio, 'pcm16');
}

export const textTooLong = (max: number) => new AppError('TEXT_TOO_LONG', 413, `The text is longer than ${max} characters.`, { maxChars: max });

/** A piece of one sentence's speech: a complete, independently playable stretch with its own mouth frames. */
export interface SpeechPiece {
  /** Index of this piece within its sentence, from 0. */
  chunk: number;
  /** True on the sentence's last piece. */
  final: boolean;
  samples: Float32Array;
  sampleRate: number;
  durationMs: number;
  /** Times relative to this piece; empty when the engine gives no phonemes (XTTS: `mouth` follows the envelope). */
  visemes: VisemeCue[];
  mouth: MouthFrame[];
}

/** A piece of sentence `index` of a longer text (POST /api/tts/stream). */
export interface SentencePiece extends SpeechPiece {
  index: number;
  text: string;
}

export interface PieceOptions {
  signal?: AbortSignal | undefined;
  rate?: number | undefined;
  pitch?: number | undefined;
  fps?: number;
}

/** A voice resolved for one user, behind the pool: whole utterances, or pieces as soon as the engine has them. */
export interface ResolvedVoice {
  /** The engine that speaks it: `espeak-ng` or `xtts`. */
  engine: TtsEngine;
  voice: string;
  /** One sentence as pieces: XTTS about every 20 audio tokens (≈1 s), espeak-ng the whole sentence in one. */
  pieces(text: string, o: PieceOptions): AsyncGenerator<SpeechPiece>;
}

const cancelled = () => new AppError('CANCELLED', 400, 'The request was cancelled.');
/** One event-loop turn: see pooled(). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An engine whose every synthesize() waits for (or is refused) a pool slot: one bound for all speech. espeak-ng
 * synthesises synchronously on this thread, so the slot is taken one event-loop turn before it starts: requests that
 * arrive meanwhile see it busy (and queue or get 503) instead of each slipping through between microtasks, and
 * sockets get served between two syntheses.
 */
function pooled(engine: TtsEngine, pool: GenerationPool): TtsEngine {
  return {
    id: engine.id,
    listVoices: () => engine.listVoices(),
    synthesize: (text, o) =>
      pool
        .run(async () => {
          await turn();
          if (o?.signal?.aborted) throw cancelled();
          return engine.synthesize(text, o);
        }, o?.signal)
        .catch((e: unknown) => Promise.reject(ttsErrorToApp(e))),
    dispose: () => undefined,
  };
}

/**
 * Runs `produce` in one pool slot and yields each item the moment it is emitted, not when `produce` ends. The
 * producer gets its own signal: the caller's signal, or the reader leaving the loop early (a client gone), stops it
 * and frees the slot.
 */
async function* pooledStream<T>(
  pool: GenerationPool,
  signal: AbortSignal | undefined,
  produce: (emit: (item: T) => void, signal: AbortSignal) => Promise<void>,
): AsyncGenerator<T> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (signal?.aborted) stop.abort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const items: T[] = [];
  let settled = false;
  let failed = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  void pool
    .run(async () => {
      await turn();
      if (stop.signal.aborted) throw cancelled();
      await produce((item) => {
        items.push(item);
        notify();
      }, stop.signal);
    }, stop.signal)
    .then(
      () => undefined,
      (e: unknown) => {
        failed = true;
        failure = ttsErrorToApp(e);
      },
    )
    .finally(() => {
      settled = true;
      notify();
    });
  try {
    for (;;) {
      while (items.length > 0) yield items.shift() as T;
      if (settled) {
        if (failed) throw failure;
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stop.abort();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Viseme track from phoneme timings (espeak-ng), else mouth frames from the loudness envelope (XTTS). */
function mouthOf(samples: Float32Array, sampleRate: number, phonemes: readonly PhonemeEvent[], durationMs: number, fps: number): { visemes: VisemeCue[]; mouth: MouthFrame[] } {
  const visemes = phonemes.length > 0 ? visemeTrack(phonemes, durationMs) : [];
  const mouth = visemes.length > 0 ? mouthFrames(visemes, durationMs, { fps }) : envelopeMouthFrames(samples, sampleRate, { fps });
  return { visemes, mouth };
}

/** A whole-sentence engine (espeak-ng) as pieces: one, final. */
function wholePieces(engine: TtsEngine, voice: string): ResolvedVoice['pieces'] {
  return async function* (text, o) {
    const r = await engine.synthesize(text, synthesisOptions(voice, o));
    yield { chunk: 0, final: true, samples: r.samples, sampleRate: r.sampleRate, durationMs: r.durationMs, ...mouthOf(r.samples, r.sampleRate, r.phonemes, r.durationMs, o.fps ?? 30) };
  };
}

/**
 * XTTS pieces straight from XttsModel.speak: each vocoder flush (every 20 audio tokens, ≈1 s) is a piece, sent while
 * the GPT keeps generating. The same call, with the same defaults, as createXttsEngine's synthesize, so the pieces
 * put together are that utterance sample for sample. The last piece is the end of the last text chunk
 * (XTTS splits long sentences at its own character limit), known as it is made, so nothing is held back.
 */
function xttsPieces(model: XttsModel, stored: XttsVoice, language: string, pool: GenerationPool): ResolvedVoice['pieces'] {
  return async function* (text, o) {
    const fps = o.fps ?? 30;
    const textChunks = model.tokenize(text, language).length;
    let chunk = 0;
    let sawFinal = false;
    const pieces = pooledStream<SpeechPiece>(pool, o.signal, async (emit, signal) => {
      for await (const c of model.speak(text, stored, { language, signal })) {
        const final = c.endOfText && c.textChunk === textChunks - 1;
        const durationMs = (c.samples.length / c.sampleRate) * 1000;
        emit({ chunk: chunk++, final, samples: c.samples, sampleRate: c.sampleRate, durationMs, ...mouthOf(c.samples, c.sampleRate, [], durationMs, fps) });
      }
    });
    for await (const p of pieces) {
      sawFinal ||= p.final;
      yield p;
    }
    // Nothing speakable (XTTS made no text chunk): still close the sentence, as an empty final piece.
    if (!sawFinal) {
      const rate = model.config.sampleRate;
      yield { chunk, final: true, samples: new Float32Array(0), sampleRate: rate, durationMs: 0, visemes: [], mouth: [] };
    }
  };
}

const synthesisOptions = (voice: string, o: PieceOptions): SynthesisOptions => ({
  voice,
  ...(o.rate !== undefined ? { rate: o.rate } : {}),
  ...(o.pitch !== undefined ? { pitch: o.pitch } : {}),
  ...(o.signal ? { signal: o.signal } : {}),
});

export class Synthesizer {
  constructor(private readonly d: SynthesisDeps) {}

  get pool(): GenerationPool {
    return this.d.pool;
  }

  /**
   * The voice as seen by this user, behind the pool. Unknown clones are 404 VOICE_NOT_FOUND (another user's id
   * included); a clone without XTTS is 503 VOICE_ENGINE_UNAVAILABLE, never another engine's voice.
   */
  async resolve(userId: string, voice: string | undefined): Promise<ResolvedVoice> {
    const id = voice ?? DEFAULT_VOICE;
    if (!VoiceEngineRegistry.isClone(id)) {
      const builtin = await this.d.registry.builtin();
      // espeak-ng checks the voice before it speaks: empty text costs nothing and turns a bad voice into a 400 now,
      // before a stream's headers are sent.
      await builtin.synthesize('', { voice: id }).catch((e: unknown) => Promise.reject(ttsErrorToApp(e)));
      const engine = pooled(builtin, this.d.pool);
      return { engine, voice: id, pieces: wholePieces(engine, id) };
    }
    const modelId = id.slice(CLONE_PREFIX.length);
    const row = await this.d.store.modelRow(userId, modelId);
    if (!row) throw new AppError('VOICE_NOT_FOUND', 404, `No voice ${id}.`);
    const model = await this.d.registry.xttsModel();
    const bytes = await this.d.materialize(userId, modelId);
    const stored = voiceFromBytes(bytes);
    const engine = createXttsEngine(model, { getVoice: async (v) => (v === modelId ? stored : undefined), language: row.language });
    return { engine: pooled(engine, this.d.pool), voice: id, pieces: xttsPieces(model, stored, row.language, this.d.pool) };
  }

  /** The engine alone (see resolve). */
  async engineFor(userId: string, voice: string | undefined): Promise<{ engine: TtsEngine; voice: string }> {
    const { engine, voice: id } = await this.resolve(userId, voice);
    return { engine, voice: id };
  }

  checkText(text: string): void {
    if (text.length > this.d.maxChars) throw textTooLong(this.d.maxChars);
  }

  /** One utterance: audio, viseme track (espeak phoneme timings) and mouth frames (envelope when no phonemes). */
  async speak(userId: string, req: SpeakRequest, signal?: AbortSignal, fps = 30): Promise<Spoken> {
    this.checkText(req.text);
    const { engine, voice } = await this.engineFor(userId, req.voice);
    const r: SynthesisResult = await engine.synthesize(req.text, synthesisOptions(voice, { signal, rate: req.rate, pitch: req.pitch }));
    return { samples: r.samples, sampleRate: r.sampleRate, durationMs: r.durationMs, engine: engine.id, ...mouthOf(r.samples, r.sampleRate, r.phonemes, r.durationMs, fps) };
  }

  /**
   * A text sentence by sentence (the chat's SentenceSplitter, so indexes match `sentence` events), each sentence in
   * pieces as soon as they exist. The voice is resolved before this returns, so its errors come before any header.
   */
  async sentences(userId: string, text: string, req: Omit<SpeakRequest, 'text'>, signal: AbortSignal, fps = 30): Promise<{ engine: string; pieces: AsyncGenerator<SentencePiece> }> {
    const resolved = await this.resolve(userId, req.voice);
    const splitter = new SentenceSplitter();
    const sentences = [...splitter.push(text), ...splitter.flush()];
    async function* pieces(): AsyncGenerator<SentencePiece> {
      for (const [index, sentence] of sentences.entries()) {
        if (signal.aborted) return;
        for await (const p of resolved.pieces(sentence, { signal, rate: req.rate, pitch: req.pitch, fps })) yield { index, text: sentence, ...p };
      }
    }
    return { engine: resolved.engine.id, pieces: pieces() };
  }

  async record(userId: string, entry: { voice: string; engine: string; format: string; chars: number; durationMs: number }, now: number): Promise<void> {
    await this.d.store.addHistory({
      id: this.d.store.newId(),
      user_id: userId,
      voice: entry.voice,
      engine: entry.engine,
      format: entry.format,
      chars: entry.chars,
      duration_ms: Math.round(entry.durationMs),
      created_at: now,
    });
  }
}
