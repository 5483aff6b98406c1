// XTTS inside the TTS worker: one loaded model, its registered voices, cloning and streamed speech, one job at a time.
import { CodedError } from '@companion/core/errors';
import { TtsError, envelopeMouthFrames, type MouthFrame } from '@companion/core/speech';
import { XttsModel, voiceFromBytes, voiceToBytes, type XttsGraph, type XttsSession, type XttsVoice } from '@companion/core/speech/xtts';
import { sessionsFrom, type XttsBackend, type XttsBackendChoice, type XttsRuntimeFactory } from './xtts-ort';
import { checkXttsSource, xttsModelKey, type XttsSource } from './xtts-source';

/** Per-file download progress (from the model-file reader), then the model's own load steps. */
export type XttsLoadProgress =
  | {
      phase: 'download';
      file: string;
      received: number;
      total: number | null;
      overallReceived: number;
      overallTotal: number | null;
      source: 'network' | 'cache';
    }
  | { phase: 'prepare'; step: string; done: number; total: number };

export interface XttsCloneProgress {
  step: string;
  done: number;
  total: number;
}

export interface XttsLoadInfo {
  key: string;
  backend: XttsBackend;
  reason: string;
  sampleRate: number;
}

export interface XttsSpokenChunk {
  samples: Float32Array;
  sampleRate: number;
  durationMs: number;
  mouth: MouthFrame[];
  /** Position of this chunk in the utterance. */
  index: number;
  startSample: number;
}

export interface XttsSpeechSummary {
  samples: number;
  sampleRate: number;
  durationMs: number;
  chunks: number;
  backend: XttsBackend;
}

export interface XttsSpeakOptions {
  seed?: number;
  language?: string;
  fps?: number;
}

export interface OpenedSource {
  /** Reads a file by its path relative to the model folder. */
  read(path: string): Promise<Uint8Array>;
  /** Optional files (such as `gpt_model.onnx_data`) the host actually has. */
  readonly present: ReadonlySet<string>;
}

export interface XttsHostDeps {
  createRuntime(choice: XttsBackendChoice): Promise<XttsRuntimeFactory>;
  openSource(source: XttsSource, o: { signal?: AbortSignal; onProgress?: (p: XttsLoadProgress) => void }): Promise<OpenedSource>;
}

interface Loaded {
  model: XttsModel;
  info: XttsLoadInfo;
  sessions: XttsSession[];
}

const CLONE_STEPS = ['Listening to the sample (conditioning encoder)', 'Measuring the voice (speaker encoder)', 'Voice ready'];

export class XttsHost {
  private loaded: Loaded | null = null;
  private loading: { key: string; choice: XttsBackendChoice; promise: Promise<XttsLoadInfo> } | null = null;
  private readonly voices = new Map<string, XttsVoice>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Told which encoder runs, so cloning reports real steps. */
  private onEncoder: ((graph: XttsGraph) => void) | null = null;

  constructor(private readonly deps: XttsHostDeps) {}

  get info(): XttsLoadInfo | null {
    return this.loaded?.info ?? null;
  }

  /** Loads (or keeps) the model; a different model replaces the current one and forgets its voices. */
  async load(source: XttsSource, choice: XttsBackendChoice, onProgress?: (p: XttsLoadProgress) => void, signal?: AbortSignal): Promise<XttsLoadInfo> {
    checkXttsSource(source);
    const key = xttsModelKey(source);
    const current = this.loaded?.info;
    if (current?.key === key && (choice === 'auto' || choice === current.backend)) return current;
    if (this.loading?.key === key && this.loading.choice === choice) return this.loading.promise;
    const promise = this.serial(() => this.loadNow(source, key, choice, onProgress, signal)).finally(() => {
      if (this.loading?.promise === promise) this.loading = null;
    });
    this.loading = { key, choice, promise };
    return promise;
  }

  private async loadNow(
    source: XttsSource,
    key: string,
    choice: XttsBackendChoice,
    onProgress: ((p: XttsLoadProgress) => void) | undefined,
    signal: AbortSignal | undefined,
  ): Promise<XttsLoadInfo> {
    const runtime = await this.deps.createRuntime(choice);
    const files = await this.deps.openSource(source, { signal, onProgress });
    const sessions: XttsSession[] = [];
    const create = sessionsFrom(runtime, files.read, (file) => {
      const data = `${file}_data`;
      return file === source.gptFile && files.present.has(data) ? data : undefined;
    });
    let model: XttsModel;
    try {
      model = await XttsModel.load({
        readFile: files.read,
        tensor: runtime.tensor,
        gptFile: source.gptFile,
        onProgress: (step, done, total) => onProgress?.({ phase: 'prepare', step, done, total }),
        createSession: async (graph, file) => {
          if (signal?.aborted) throw new TtsError('TTS_ABORTED', 'Loading the voice model was cancelled.');
          const session = await create(graph, file);
          sessions.push(session);
          return graph === 'conditioning_encoder' || graph === 'speaker_encoder' ? this.reporting(graph, session) : session;
        },
      });
    } catch (error) {
      release(sessions);
      if (error instanceof CodedError || error instanceof TtsError) throw error;
      throw new CodedError('XTTS_LOAD_FAILED', `Could not load the voice model: ${error instanceof Error ? error.message : String(error)}`, {
        recoverable: true,
        cause: error,
      });
    }
    if (this.loaded) release(this.loaded.sessions);
    if (this.loaded?.info.key !== key) this.voices.clear();
    const info: XttsLoadInfo = { key, backend: runtime.backend, reason: runtime.reason, sampleRate: model.config.sampleRate };
    this.loaded = { model, info, sessions };
    return info;
  }

  /** Adds (or replaces) a cloned voice by id; refused when it was made with another model's dimensions. */
  registerVoice(id: string, bytes: Uint8Array): void {
    const model = this.requireModel();
    const voice = voiceFromBytes(bytes);
    const c = model.config;
    if (voice.width !== c.width || voice.condRows !== c.condLatents || voice.speakerEmbedding.length !== c.speakerDim)
      throw new TtsError('TTS_UNKNOWN_VOICE', 'This voice was cloned with a different model; clone it again from its sample.', false);
    this.voices.set(id, voice);
  }

  hasVoice(id: string): boolean {
    return this.voices.has(id);
  }

  /** Clones a voice from mono samples at any rate; returns the voice as bytes (core's voice format). */
  clone(samples: Float32Array, sampleRate: number, onProgress?: (p: XttsCloneProgress) => void, signal?: AbortSignal): Promise<Uint8Array> {
    return this.serial(async () => {
      const model = this.requireModel();
      const step = (i: number) => onProgress?.({ step: CLONE_STEPS[i]!, done: i, total: CLONE_STEPS.length });
      this.onEncoder = (graph) => step(graph === 'conditioning_encoder' ? 0 : 1);
      try {
        const voice = await model.cloneVoice(samples, sampleRate, { signal });
        onProgress?.({ step: CLONE_STEPS[2]!, done: CLONE_STEPS.length, total: CLONE_STEPS.length });
        return voiceToBytes(voice);
      } finally {
        this.onEncoder = null;
      }
    }, signal);
  }

  /** Streams speech in a registered voice: each vocoded chunk goes to `onChunk` as soon as it exists. */
  speak(text: string, voiceId: string, o: XttsSpeakOptions, onChunk: (chunk: XttsSpokenChunk) => void, signal?: AbortSignal): Promise<XttsSpeechSummary> {
    return this.serial(async () => {
      const { model, info } = this.requireLoaded();
      const voice = this.voices.get(voiceId);
      if (!voice) throw new TtsError('TTS_UNKNOWN_VOICE', `The cloned voice ${voiceId} is not loaded.`);
      let samples = 0;
      let chunks = 0;
      const rate = model.config.sampleRate;
      for await (const c of model.speak(text, voice, { seed: o.seed, language: o.language, signal })) {
        if (c.samples.length === 0) continue;
        onChunk({
          samples: c.samples,
          sampleRate: rate,
          durationMs: (c.samples.length / rate) * 1000,
          mouth: envelopeMouthFrames(c.samples, rate, { fps: o.fps ?? 60 }),
          index: chunks++,
          startSample: c.startSample,
        });
        samples += c.samples.length;
      }
      return { samples, sampleRate: rate, durationMs: (samples / rate) * 1000, chunks, backend: info.backend };
    }, signal);
  }

  private requireLoaded(): Loaded {
    if (!this.loaded) throw new CodedError('XTTS_NOT_LOADED', 'Load the voice model first.', { recoverable: true });
    return this.loaded;
  }

  private requireModel(): XttsModel {
    return this.requireLoaded().model;
  }

  /** Sessions must not run two graphs at once, and speech must come out in the order it was asked for. */
  private serial<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = this.queue.then(() => {
      if (signal?.aborted) throw new TtsError('TTS_ABORTED', 'Cancelled before it started.');
      return job();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private reporting(graph: XttsGraph, session: XttsSession): XttsSession {
    return {
      inputNames: session.inputNames,
      outputNames: session.outputNames,
      run: (feeds) => {
        this.onEncoder?.(graph);
        return session.run(feeds);
      },
    };
  }
}

function release(sessions: readonly XttsSession[]): void {
  for (const s of sessions) void (s as { release?: () => Promise<void> }).release?.().catch(() => undefined);
}
