// Bounded synthesis (R3): every engine call goes through one pool; voices resolve to an engine per user (A5).
import { encodeMp3, encodeWav, mono } from '@companion/core/audio';
import {
  envelopeMouthFrames,
  mouthFrames,
  speakStream,
  visemeTrack,
  type MouthFrame,
  type SpokenChunk,
  type SynthesisOptions,
  type SynthesisResult,
  type TtsEngine,
  type VisemeCue,
} from '@companion/core/speech';
import { createXttsEngine, voiceFromBytes } from '@companion/core/speech/xtts';
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

/**
 * An engine whose every synthesize() waits for (or is refused) a pool slot: one bound for all speech. espeak-ng
 * synthesises synchronously on this thread, so the slot is taken one event-loop turn before it starts: requests that
 * arrive meanwhile see it busy (and queue or get 503) instead of each slipping through between microtasks, and
 * sockets get served between two syntheses.
 */
function pooled(engine: TtsEngine, pool: GenerationPool): TtsEngine {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    id: engine.id,
    listVoices: () => engine.listVoices(),
    synthesize: (text, o) =>
      pool
        .run(async () => {
          await turn();
          if (o?.signal?.aborted) throw new AppError('CANCELLED', 400, 'The request was cancelled.');
          return engine.synthesize(text, o);
        }, o?.signal)
        .catch((e: unknown) => Promise.reject(ttsErrorToApp(e))),
    dispose: () => undefined,
  };
}

export class Synthesizer {
  constructor(private readonly d: SynthesisDeps) {}

  get pool(): GenerationPool {
    return this.d.pool;
  }

  /**
   * The engine for `voice` as seen by this user, behind the pool. Unknown clones are 404 VOICE_NOT_FOUND (another
   * user's id included); a clone without XTTS is 503 VOICE_ENGINE_UNAVAILABLE, never another engine's voice.
   */
  async engineFor(userId: string, voice: string | undefined): Promise<{ engine: TtsEngine; voice: string }> {
    const id = voice ?? DEFAULT_VOICE;
    if (!VoiceEngineRegistry.isClone(id)) {
      const engine = await this.d.registry.builtin();
      // espeak-ng checks the voice before it speaks: empty text costs nothing and turns a bad voice into a 400 now,
      // before a stream's headers are sent.
      await engine.synthesize('', { voice: id }).catch((e: unknown) => Promise.reject(ttsErrorToApp(e)));
      return { engine: pooled(engine, this.d.pool), voice: id };
    }
    const modelId = id.slice(CLONE_PREFIX.length);
    const row = await this.d.store.modelRow(userId, modelId);
    if (!row) throw new AppError('VOICE_NOT_FOUND', 404, `No voice ${id}.`);
    const model = await this.d.registry.xttsModel();
    const bytes = await this.d.materialize(userId, modelId);
    const stored = voiceFromBytes(bytes);
    const engine = createXttsEngine(model, { getVoice: async (v) => (v === modelId ? stored : undefined), language: row.language });
    return { engine: pooled(engine, this.d.pool), voice: id };
  }

  checkText(text: string): void {
    if (text.length > this.d.maxChars) throw textTooLong(this.d.maxChars);
  }

  /** One utterance: audio, viseme track (espeak phoneme timings) and mouth frames (envelope when no phonemes). */
  async speak(userId: string, req: SpeakRequest, signal?: AbortSignal, fps = 30): Promise<Spoken> {
    this.checkText(req.text);
    const { engine, voice } = await this.engineFor(userId, req.voice);
    const o: SynthesisOptions = { voice, ...(req.rate !== undefined ? { rate: req.rate } : {}), ...(req.pitch !== undefined ? { pitch: req.pitch } : {}), ...(signal ? { signal } : {}) };
    const r: SynthesisResult = await engine.synthesize(req.text, o);
    const visemes = r.phonemes.length > 0 ? visemeTrack(r.phonemes, r.durationMs) : [];
    const mouth = visemes.length > 0 ? mouthFrames(visemes, r.durationMs, { fps }) : envelopeMouthFrames(r.samples, r.sampleRate, { fps });
    return { samples: r.samples, sampleRate: r.sampleRate, durationMs: r.durationMs, engine: engine.id, visemes, mouth };
  }

  /** Sentence by sentence (core's speakStream): each piece is yielded as soon as it is synthesised. */
  async sentences(userId: string, deltas: AsyncIterable<string>, req: Omit<SpeakRequest, 'text'>, signal: AbortSignal, fps = 30): Promise<{ engine: string; chunks: AsyncGenerator<SpokenChunk> }> {
    const { engine, voice } = await this.engineFor(userId, req.voice);
    const synthesis = { voice, signal, ...(req.rate !== undefined ? { rate: req.rate } : {}), ...(req.pitch !== undefined ? { pitch: req.pitch } : {}) };
    return { engine: engine.id, chunks: speakStream(deltas, engine, { synthesis, fps }) };
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
