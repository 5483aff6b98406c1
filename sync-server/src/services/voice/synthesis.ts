// Bounded synthesis (R3): every engine call goes through one pool; voices resolve to an engine per user (A5).
import { encodeMp3, encodeWav, mono } from '@companion/core/audio';
import {
  mouthForSpeech,
  type MouthFrame,
  type PhonemeEvent,
  type SynthesisOptions,
  type TtsEngine,
  type VisemeCue,
} from '@companion/core/speech';
import { createXttsEngine, voiceFromBytes, type XttsModel, type XttsVoice } from '@companion/core/speech/xtts';
import { SentenceSplitter } from '@companion/core/text';
import { AppError } from '../../errors.ts';
import type { GenerationPool } from '../../inference/generation-pool.ts';
import { CLONE_PREFIX, DEFAULT_VOICE, ttsErrorToApp, VoiceEngineRegistry } from './engines.ts';
import type { VoiceFiles } from './files.ts';
import { startLipSync, type LipSyncDeps, type LipSyncFallback, type MouthSource, type SentenceLipSync } from './lip-sync.ts';
import type { HistoryStatus, VoiceStore } from './store.ts';

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
  /** `phonemes` (espeak-ng), `aligned` (a clone with espeak-ng's timings warped onto it) or `envelope` (loudness). */
  mouthSource: MouthSource;
  /** Why a clone kept the envelope (unsupported language, alignment failed); absent otherwise. */
  fallback?: LipSyncFallback;
}

export interface SpeakOptions {
  fps?: number;
  /** False: audio only (POST /api/voice/synthesize, /v1/audio/speech), so a clone skips the alignment. */
  lipSync?: boolean;
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
  type: 'audio';
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
  mouthSource: 'phonemes' | 'envelope';
}

/**
 * A cloned voice's lip sync for the whole sentence, after its final piece (alignment needs all of the audio); times
 * from the start of the sentence's first piece.
 */
export interface SentenceVisemes extends SentenceLipSync {
  type: 'visemes';
}

/** What a voice gives for one sentence: its pieces in order, then (clones only) the sentence's visemes. */
export type SpeechItem = SpeechPiece | SentenceVisemes;

/** A piece of sentence `index` of a longer text (POST /api/tts/stream). */
export type SentencePiece = SpeechPiece & { index: number; text: string };
export type SentenceItem = SpeechItem & { index: number; text: string };

export interface PieceOptions {
  signal?: AbortSignal | undefined;
  rate?: number | undefined;
  pitch?: number | undefined;
  fps?: number;
  /** Default true: a clone's sentence ends with its aligned visemes. False: pieces only. */
  lipSync?: boolean;
}

/** A voice resolved for one user, behind the pool: whole utterances, or pieces as soon as the engine has them. */
export interface ResolvedVoice {
  /** The engine that speaks it: `espeak-ng` or `xtts`. */
  engine: TtsEngine;
  voice: string;
  /**
   * One sentence as pieces: XTTS about every 20 audio tokens (≈1 s), then its `visemes` item; espeak-ng the whole
   * sentence in one piece (its visemes come with it).
   */
  pieces(text: string, o: PieceOptions): AsyncGenerator<SpeechItem>;
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

/** The shared rule (core's mouthForSpeech): viseme track from phoneme timings, else the loudness envelope. */
const mouthOf = (samples: Float32Array, sampleRate: number, phonemes: readonly PhonemeEvent[], durationMs: number, fps: number) =>
  mouthForSpeech({ samples, sampleRate, phonemes, durationMs }, fps);

const concat = (parts: readonly Float32Array[]): Float32Array => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

/** A whole-sentence engine (espeak-ng) as pieces: one, final. */
function wholePieces(engine: TtsEngine, voice: string): ResolvedVoice['pieces'] {
  return async function* (text, o) {
    const r = await engine.synthesize(text, synthesisOptions(voice, o));
    yield { type: 'audio', chunk: 0, final: true, samples: r.samples, sampleRate: r.sampleRate, durationMs: r.durationMs, ...mouthOf(r.samples, r.sampleRate, r.phonemes, r.durationMs, o.fps ?? 30) };
  };
}

/**
 * XTTS pieces straight from XttsModel.speak: each vocoder flush (every 20 audio tokens, ≈1 s) is a piece, sent while
 * the GPT keeps generating. The same call, with the same defaults, as createXttsEngine's synthesize, so the pieces
 * put together are that utterance sample for sample. The last piece is the end of the last text chunk
 * (XTTS splits long sentences at its own character limit), known as it is made, so nothing is held back.
 *
 * Lip sync, all in the sentence's one pool slot: espeak-ng's reference starts with the sentence (on its thread, while
 * the GPT runs), and once the final piece is out the alignment runs on an alignment thread and its `visemes` item
 * follows. The slot is held for that alignment too (about 3 % of the audio's length), so lip sync is bounded by the
 * same pool as speech and never needs a second slot.
 */
function xttsPieces(model: XttsModel, stored: XttsVoice, language: string, pool: GenerationPool, lipSync: LipSyncDeps): ResolvedVoice['pieces'] {
  return async function* (text, o) {
    const fps = o.fps ?? 30;
    const textChunks = model.tokenize(text, language).length;
    const rate = model.config.sampleRate;
    yield* pooledStream<SpeechItem>(pool, o.signal, async (emit, signal) => {
      const pending = o.lipSync === false ? undefined : startLipSync(lipSync, text, language);
      const parts: Float32Array[] = [];
      let chunk = 0;
      let sawFinal = false;
      for await (const c of model.speak(text, stored, { language, signal })) {
        const final = c.endOfText && c.textChunk === textChunks - 1;
        sawFinal ||= final;
        const durationMs = (c.samples.length / c.sampleRate) * 1000;
        parts.push(c.samples);
        emit({ type: 'audio', chunk: chunk++, final, samples: c.samples, sampleRate: c.sampleRate, durationMs, ...mouthOf(c.samples, c.sampleRate, [], durationMs, fps) });
      }
      // Nothing speakable (XTTS made no text chunk): still close the sentence, as an empty final piece.
      if (!sawFinal) emit({ type: 'audio', chunk, final: true, samples: new Float32Array(0), sampleRate: rate, durationMs: 0, visemes: [], mouth: [], mouthSource: 'envelope' });
      if (!pending || signal.aborted) return;
      const visemes = await pending.finish(concat(parts), rate, fps);
      if (!signal.aborted) emit({ type: 'visemes', ...visemes });
    });
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
    const lipSync: LipSyncDeps = { espeak: () => this.d.registry.builtin(), aligner: () => this.d.registry.aligner() };
    return { engine: pooled(engine, this.d.pool), voice: id, pieces: xttsPieces(model, stored, row.language, this.d.pool, lipSync) };
  }

  checkText(text: string): void {
    if (text.length > this.d.maxChars) throw textTooLong(this.d.maxChars);
  }

  /**
   * One utterance: audio, viseme track and mouth frames. espeak-ng: from its phoneme timings. A clone: espeak-ng's
   * timings aligned onto the audio (`mouthSource: 'aligned'`), else the loudness envelope with the reason in `fallback`.
   */
  async speak(userId: string, req: SpeakRequest, signal?: AbortSignal, o: SpeakOptions = {}): Promise<Spoken> {
    this.checkText(req.text);
    const resolved = await this.resolve(userId, req.voice);
    const fps = o.fps ?? 30;
    const pieces: SpeechPiece[] = [];
    let lipSync: SentenceVisemes | undefined;
    for await (const item of resolved.pieces(req.text, { signal, rate: req.rate, pitch: req.pitch, fps, lipSync: o.lipSync ?? true })) {
      if (item.type === 'audio') pieces.push(item);
      else lipSync = item;
    }
    // Every sentence ends with a final piece (empty when nothing was speakable), so none at all is an engine fault.
    if (!pieces[0]) throw new AppError('TTS_FAILED', 500, 'Speech synthesis gave no audio.');
    const sampleRate = pieces[0].sampleRate;
    const samples = pieces.length === 1 ? pieces[0]!.samples : concat(pieces.map((p) => p.samples));
    const durationMs = (samples.length / sampleRate) * 1000;
    const engine = resolved.engine.id;
    if (lipSync) {
      const { visemes, mouth, mouthSource, fallback } = lipSync;
      return { samples, sampleRate, durationMs, engine, visemes, mouth, mouthSource, ...(fallback ? { fallback } : {}) };
    }
    // One piece (espeak-ng) carries its own track; pieces without a sentence track (lipSync off) get the envelope.
    if (pieces.length === 1) return { samples, sampleRate, durationMs, engine, visemes: pieces[0]!.visemes, mouth: pieces[0]!.mouth, mouthSource: pieces[0]!.mouthSource };
    return { samples, sampleRate, durationMs, engine, ...mouthOf(samples, sampleRate, [], durationMs, fps) };
  }

  /**
   * The viseme track alone (POST /api/tts/visemes). A clone is refused (422 VISEMES_NEED_AUDIO) after its id is
   * checked: XTTS samples every take afresh, so timings without the audio they belong to would match nothing the
   * client ever plays, and a whole synthesis would be spent to throw the audio away. /api/tts/generate gives both.
   */
  async visemes(userId: string, req: SpeakRequest, signal?: AbortSignal): Promise<Spoken> {
    const id = req.voice ?? DEFAULT_VOICE;
    if (VoiceEngineRegistry.isClone(id)) {
      if (!(await this.d.store.modelRow(userId, id.slice(CLONE_PREFIX.length)))) throw new AppError('VOICE_NOT_FOUND', 404, `No voice ${id}.`);
      throw new AppError(
        'VISEMES_NEED_AUDIO',
        422,
        'A cloned voice sounds different on every take, so its visemes only fit the audio they were aligned to: use POST /api/tts/generate, which answers the audio with its aligned visemes.',
      );
    }
    return this.speak(userId, req, signal);
  }

  /**
   * A text sentence by sentence (the chat's SentenceSplitter, so indexes match `sentence` events), each sentence in
   * pieces as soon as they exist. The voice is resolved before this returns, so its errors come before any header.
   */
  async sentences(userId: string, text: string, req: Omit<SpeakRequest, 'text'>, signal: AbortSignal, fps = 30): Promise<{ engine: string; pieces: AsyncGenerator<SentenceItem> }> {
    const resolved = await this.resolve(userId, req.voice);
    const splitter = new SentenceSplitter();
    const sentences = [...splitter.push(text), ...splitter.flush()];
    async function* pieces(): AsyncGenerator<SentenceItem> {
      for (const [index, sentence] of sentences.entries()) {
        if (signal.aborted) return;
        for await (const p of resolved.pieces(sentence, { signal, rate: req.rate, pitch: req.pitch, fps })) yield { index, text: sentence, ...p };
      }
    }
    return { engine: resolved.engine.id, pieces: pieces() };
  }

  /**
   * One history entry: what was said, with which voice and engine, whether it completed, and (when given) the audio
   * as it was sent, kept as a file in the user's voice folder so it can be replayed and downloaded.
   */
  async record(
    userId: string,
    entry: { voice: string; engine: string; format: string; chars: number; durationMs: number; text?: string; audio?: Uint8Array; status?: HistoryStatus },
    now: number,
  ): Promise<void> {
    const id = this.d.store.newId();
    const audioFile = entry.audio ? `history-${id}.${entry.format === 'mp3' ? 'mp3' : 'wav'}` : null;
    if (entry.audio && audioFile) await this.d.files.write(userId, audioFile, entry.audio);
    await this.d.store.addHistory({
      id,
      user_id: userId,
      voice: entry.voice,
      engine: entry.engine,
      format: entry.format,
      chars: entry.chars,
      duration_ms: Math.round(entry.durationMs),
      created_at: now,
      text: entry.text ?? null,
      audio_file: audioFile,
      audio_size: entry.audio?.length ?? 0,
      status: entry.status ?? 'completed',
    });
  }
}
