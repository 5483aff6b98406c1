// VoiceEngineRegistry: which engine speaks a voice id. Built-in voices → espeak-ng; `clone:<id>` → XTTS with a stored voice.
import { CodedError } from '@companion/core/errors';
import { CLONE_PREFIX, TtsError, type TtsEngine, type TtsVoice } from '@companion/core/speech';
import type { XttsModel } from '@companion/core/speech/xtts';
import { AppError } from '../../errors.ts';
import type { Aligner } from './align-thread.ts';
import type { ProviderProbe, ProviderState } from '../../routes/health/index.ts';

export { CLONE_PREFIX };
export const DEFAULT_VOICE = 'en-us';

export interface EngineLoaders {
  /** espeak-ng (no download); the default loads `@companion/core/speech/espeak`. */
  espeak?: () => Promise<TtsEngine>;
  /** XTTS; undefined (or resolving undefined) when no model is configured: clones are stored but not spoken. */
  xtts?: () => Promise<XttsModel | undefined>;
  /** Lip-sync alignment for cloned voices (align-thread.ts); the default starts one worker thread on first use. */
  aligner?: () => Promise<Aligner>;
}

interface Slot<T> {
  state: ProviderState;
  detail?: string;
  value?: Promise<T | undefined>;
}

export const engineUnavailable = (detail: string) =>
  new AppError('VOICE_ENGINE_UNAVAILABLE', 503, `The voice cloning engine (XTTS) is not available on this server: ${detail}`, undefined, {
    'Retry-After': '60',
  });

export class VoiceEngineRegistry {
  private readonly espeak: Slot<TtsEngine> = { state: 'unavailable', detail: 'not loaded yet' };
  private readonly xtts: Slot<XttsModel> = { state: 'unavailable', detail: 'not loaded yet' };
  private readonly alignerSlot: Slot<Aligner> = { state: 'unavailable', detail: 'not loaded yet' };

  constructor(private readonly loaders: EngineLoaders) {
    if (!loaders.xtts) this.xtts.detail = 'no XTTS model configured (XTTS_MODEL_DIR)';
  }

  static isClone(voice: string): boolean {
    return voice.startsWith(CLONE_PREFIX);
  }

  /** Loaded once; a failed load is reported by health and tried again on the next request. */
  private load<T>(slot: Slot<T>, loader: (() => Promise<T | undefined>) | undefined): Promise<T | undefined> {
    if (!loader) return Promise.resolve(undefined);
    if (!slot.value) {
      slot.state = 'loading';
      slot.value = loader().then(
        (v) => {
          slot.state = v ? 'ready' : 'unavailable';
          slot.detail = v ? undefined : 'no model configured';
          return v;
        },
        (err: unknown) => {
          slot.state = 'error';
          slot.detail = err instanceof Error ? err.message.slice(0, 200) : 'failed to load';
          slot.value = undefined;
          return undefined;
        },
      );
    }
    return slot.value;
  }

  async builtin(): Promise<TtsEngine> {
    const loader =
      this.loaders.espeak ?? (async () => (await import('@companion/core/speech/espeak')).createEspeakEngine({ defaultVoice: DEFAULT_VOICE }));
    const engine = await this.load(this.espeak, loader);
    if (!engine) throw new AppError('TTS_UNAVAILABLE', 503, `The speech engine failed to start: ${this.espeak.detail ?? 'unknown'}`);
    return engine;
  }

  /** The XTTS model, or 503 VOICE_ENGINE_UNAVAILABLE: a cloned voice is never faked with another engine. */
  async xttsModel(): Promise<XttsModel> {
    const model = await this.load(this.xtts, this.loaders.xtts);
    if (!model) throw engineUnavailable(this.xtts.detail ?? 'unavailable');
    return model;
  }

  /** Loads XTTS if it is configured; undefined instead of an error (cloning then stores the sample only). */
  async tryXtts(): Promise<XttsModel | undefined> {
    return this.load(this.xtts, this.loaders.xtts);
  }

  /** The lip-sync aligner for cloned voices; a failure to start rejects (the caller keeps the envelope mouth). */
  async aligner(): Promise<Aligner> {
    const loader = this.loaders.aligner ?? (async () => (await import('./align-thread.ts')).createAlignThreads());
    const aligner = await this.load(this.alignerSlot, loader);
    if (!aligner) throw new CodedError('LIP_SYNC_FAILED', `The alignment threads failed to start: ${this.alignerSlot.detail ?? 'unknown'}`);
    return aligner;
  }

  async builtinVoices(): Promise<readonly TtsVoice[]> {
    return (await this.builtin()).listVoices();
  }

  /** Stops the espeak-ng and alignment threads (XTTS sessions are released with the process). */
  async close(): Promise<void> {
    const [engine, aligner] = await Promise.all([this.espeak.value?.catch(() => undefined), this.alignerSlot.value?.catch(() => undefined)]);
    engine?.dispose();
    aligner?.close();
    this.espeak.value = undefined;
    this.alignerSlot.value = undefined;
  }

  probes(): ProviderProbe[] {
    return [
      {
        name: 'espeak-ng',
        capability: 'tts',
        // espeak-ng needs no download: "ready" before its first use too, unless loading failed.
        status: async () => (this.espeak.state === 'error' ? { state: 'error', detail: this.espeak.detail } : { state: 'ready' }),
      },
      {
        name: 'xtts',
        capability: 'voice-clone',
        status: async () => {
          if (this.loaders.xtts && this.xtts.state === 'unavailable' && !this.xtts.value) return { state: 'ready', detail: 'loads on first use' };
          return { state: this.xtts.state, ...(this.xtts.detail ? { detail: this.xtts.detail } : {}) };
        },
      },
    ];
  }

  async state(): Promise<{ espeak: ProviderState; xtts: ProviderState; xttsDetail?: string }> {
    const [e, x] = await Promise.all(this.probes().map((p) => p.status()));
    return { espeak: e!.state, xtts: x!.state, ...(x!.detail ? { xttsDetail: x!.detail } : {}) };
  }
}

/** TtsError from an engine → a client status: unknown voice 400, too long 413, aborted/failed 5xx. */
export function ttsErrorToApp(err: unknown): unknown {
  // The pool's own cancellation (client gone while queued): nobody reads the status, but it is not a server fault.
  if (err instanceof CodedError && err.code === 'CANCELLED') return new AppError('CANCELLED', 400, err.message);
  if (!(err instanceof TtsError)) return err;
  switch (err.code) {
    case 'TTS_UNKNOWN_VOICE':
      return new AppError('UNKNOWN_VOICE', 400, err.message);
    case 'TTS_TEXT_TOO_LONG':
      return new AppError('TEXT_TOO_LONG', 413, err.message);
    case 'TTS_ABORTED':
      // The client has gone; nobody reads this status.
      return new AppError('CANCELLED', 400, err.message);
    default:
      return new AppError('TTS_FAILED', 500, 'Speech synthesis failed.');
  }
}
