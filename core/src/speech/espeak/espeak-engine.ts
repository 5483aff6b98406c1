// eSpeak-NG as a TtsEngine: 22,050 Hz speech with phoneme timings, no model download, Node or module worker.
import {
  TtsError,
  type SpeechChunk,
  type SynthesisOptions,
  type SynthesisResult,
  type TtsEngine,
  type TtsVoice,
} from '../engine';
import type { PhonemeEvent } from '../visemes';
import {
  importEspeakFactory,
  type EspeakFactory,
  type EspeakModuleLike,
  type EspeakRawEvent,
  type EspeakWorkerLike,
} from './espeak-module';

export interface EspeakEngineOptions {
  /**
   * The `espeak-ng.data` bytes (about 24 MB, from the package). Node reads the file beside the package by
   * itself; a browser worker fetches it (from the app's own origin, cached) and passes it here.
   */
  readonly data?: ArrayBuffer;
  /** How to load the Emscripten factory; defaults to import() of the npm package. */
  readonly loadFactory?: () => Promise<EspeakFactory>;
  readonly defaultVoice?: string;
  /** Longest text accepted in one call, so one request cannot occupy the engine for minutes. */
  readonly maxTextChars?: number;
}

export const ESPEAK_SAMPLE_RATE = 22050;
const VARIANT_DIR = '/usr/share/espeak-ng-data/voices/!v';

/** espeak-ng with its voice variants ("f1".."f5", "m1".., "whisper", ...): pass `voice: "en-us+f3"`. */
export interface EspeakTtsEngine extends TtsEngine {
  variants(): readonly string[];
}
const NORMAL_WPM = 175;
const NORMAL_PITCH = 50;

class EspeakEngine implements EspeakTtsEngine {
  readonly id = 'espeak-ng';
  private voices: TtsVoice[] | undefined;
  private variantNames: string[] | undefined;

  constructor(
    private readonly worker: EspeakWorkerLike,
    private readonly fs: EspeakModuleLike['FS'],
    private readonly options: EspeakEngineOptions,
  ) {}

  variants(): readonly string[] {
    this.variantNames ??= this.fs
      .readdir(VARIANT_DIR)
      .filter((f) => f !== '.' && f !== '..')
      .sort();
    return this.variantNames;
  }

  async listVoices(): Promise<readonly TtsVoice[]> {
    this.voices ??= this.worker.list_voices().map((v) => ({
      id: v.identifier,
      name: v.name,
      languages: [...v.languages].sort((a, b) => a.priority - b.priority).map((l) => l.name),
      engine: this.id,
    }));
    return this.voices;
  }

  async synthesize(text: string, options: SynthesisOptions = {}): Promise<SynthesisResult> {
    const max = this.options.maxTextChars ?? 20_000;
    if (text.length > max)
      throw new TtsError('TTS_TEXT_TOO_LONG', `Text is ${text.length} characters; the limit is ${max}.`);
    this.configure(options);
    const collected = collectSynthesis(this.worker, text, options);
    if (options.signal?.aborted) throw new TtsError('TTS_ABORTED', 'Synthesis was cancelled.');
    return collected;
  }

  private configure(options: SynthesisOptions): void {
    const voice = (options.voice ?? this.options.defaultVoice ?? 'en-us').trim();
    // espeak-ng quietly ignores an unknown variant, so it is checked here.
    const variant = voice.split('+')[1];
    const known = variant === undefined || this.variants().includes(variant);
    if (!known || this.worker.set_voice(voice) !== 0)
      throw new TtsError('TTS_UNKNOWN_VOICE', `espeak-ng has no voice "${voice}".`);
    const rate = clamp(options.rate ?? 1, 0.5, 2.5);
    const pitch = clamp(options.pitch ?? 1, 0, 2);
    this.worker.set_rate(Math.round(NORMAL_WPM * rate));
    this.worker.set_pitch(Math.round(NORMAL_PITCH * pitch));
  }

  dispose(): void {
    this.worker.__destroy__();
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.max(lo, Math.min(hi, x)) : 1;
}

function collectSynthesis(worker: EspeakWorkerLike, text: string, options: SynthesisOptions): SynthesisResult {
  const pieces: Float32Array[] = [];
  const phonemes: PhonemeEvent[] = [];
  const words: { textOffset: number; length: number; startMs: number }[] = [];
  let total = 0;
  worker.synthesize(text, (samples, events) => {
    const chunkPhonemes = events.filter((e) => e.type === 'phoneme').map(toPhoneme);
    for (const e of events)
      if (e.type === 'word')
        words.push({ textOffset: e.text_position - 1, length: e.word_length, startMs: e.audio_position });
    phonemes.push(...chunkPhonemes);
    if (samples.length > 0) {
      const floats = new Float32Array(samples.length);
      for (let i = 0; i < samples.length; i++) floats[i] = samples[i]! / 32768;
      const chunk: SpeechChunk = {
        samples: floats,
        sampleRate: ESPEAK_SAMPLE_RATE,
        startMs: (total / ESPEAK_SAMPLE_RATE) * 1000,
        phonemes: chunkPhonemes,
      };
      pieces.push(floats);
      total += floats.length;
      options.onChunk?.(chunk);
    }
    return options.signal?.aborted ? 1 : 0;
  });
  const samples = new Float32Array(total);
  let at = 0;
  for (const p of pieces) {
    samples.set(p, at);
    at += p.length;
  }
  return { samples, sampleRate: ESPEAK_SAMPLE_RATE, phonemes, words, durationMs: (total / ESPEAK_SAMPLE_RATE) * 1000 };
}

function toPhoneme(e: EspeakRawEvent): PhonemeEvent {
  return { phoneme: typeof e.id === 'string' ? e.id : '', startMs: e.audio_position };
}

/** Starts eSpeak-NG (about 0.1-0.3 s in Node) and returns it as a TtsEngine. */
export async function createEspeakEngine(options: EspeakEngineOptions = {}): Promise<EspeakTtsEngine> {
  const factory = await (options.loadFactory ?? importEspeakFactory)();
  const data = options.data;
  const module = await factory({
    ...(data ? { getPreloadedPackage: () => data } : {}),
    print: () => {},
    printErr: () => {},
  }).catch((e: unknown) => {
    throw new TtsError('TTS_ENGINE_FAILED', `espeak-ng failed to start: ${String(e)}`, false);
  });
  const worker = new module.eSpeakNGWorker();
  if (worker.get_samplerate() !== ESPEAK_SAMPLE_RATE)
    throw new TtsError('TTS_ENGINE_FAILED', 'Unexpected espeak-ng sample rate.', false);
  return new EspeakEngine(worker, module.FS, options);
}
