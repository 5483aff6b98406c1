// Voice services wired together: engine registry, bounded synthesizer, sample and voice library.
import type { Kysely } from 'kysely';
import type { VoiceActivityDetector } from '@companion/core/audio';
import type { Clock } from '../../clock.ts';
import { GenerationPool } from '../../inference/generation-pool.ts';
import type { Database } from '../../storage/index.ts';
import type { VoiceConfig } from './config.ts';
import { DEFAULT_VOICE, VoiceEngineRegistry, type EngineLoaders } from './engines.ts';
import { createThreadedEspeak } from './espeak-thread.ts';
import { createVoiceFiles } from './files.ts';
import { loadSileroVad, loadXttsModel } from './runtime.ts';
import { VoiceLibrary } from './service.ts';
import { createVoiceStore } from './store.ts';
import { sweepVoiceFiles, type SweepOptions, type SweepResult } from './sweep.ts';
import { Synthesizer } from './synthesis.ts';

export { loadVoiceConfig, type VoiceConfig } from './config.ts';
export { VoiceEngineRegistry, CLONE_PREFIX, DEFAULT_VOICE, type EngineLoaders } from './engines.ts';
export {
  Synthesizer,
  encodeAudio,
  type AudioFormat,
  type ResolvedVoice,
  type SentenceItem,
  type SentencePiece,
  type SpeechItem,
  type SpeechPiece,
  type Spoken,
} from './synthesis.ts';
export type { LipSyncFallback, MouthSource, SentenceLipSync } from './lip-sync.ts';
export { VoiceLibrary } from './service.ts';
export { loadSileroVad, loadXttsModel } from './runtime.ts';
export { SWEEP_GRACE_MS, type SweepOptions, type SweepResult } from './sweep.ts';

export interface VoiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  dataDir: string;
  config: VoiceConfig;
  /** Engines; by default espeak-ng, and XTTS from config.xttsModelDir when set. */
  loaders?: EngineLoaders;
  /** Silero VAD by default; tests may pass their own detector. */
  vad?: () => Promise<VoiceActivityDetector>;
}

export interface Voice {
  registry: VoiceEngineRegistry;
  library: VoiceLibrary;
  synth: Synthesizer;
  clock: Clock;
  config: VoiceConfig;
  /** A deleted account's files (DATA_DIR/voice/<user id>/); its rows went with the account (ON DELETE CASCADE). */
  removeUserFiles(userId: string): Promise<void>;
  /** Removes files that no row or account points at, once older than the grace period (see sweep.ts). */
  sweepFiles(o?: SweepOptions): Promise<SweepResult>;
}

export function createVoice(d: VoiceDeps): Voice {
  const dir = d.config.xttsModelDir;
  const registry = new VoiceEngineRegistry({
    // One espeak-ng thread per synthesis slot: the pool never runs more at once.
    espeak: () => createThreadedEspeak({ threads: d.config.concurrency, defaultVoice: DEFAULT_VOICE }),
    ...(dir ? { xtts: () => loadXttsModel(dir) } : {}),
    // Alignment runs inside a synthesis slot: one thread per slot, so it never queues behind another sentence.
    aligner: async () => (await import('./align-thread.ts')).createAlignThreads({ threads: d.config.concurrency }),
    ...d.loaders,
  });
  let vad: Promise<VoiceActivityDetector> | undefined;
  const vadLoader = d.vad ?? (() => (vad ??= loadSileroVad().catch((e: unknown) => ((vad = undefined), Promise.reject(e)))));
  const store = createVoiceStore(d.db);
  const files = createVoiceFiles(d.dataDir);
  const library = new VoiceLibrary({ store, files, registry, clock: d.clock, config: d.config, vad: vadLoader });
  const pool = new GenerationPool({ concurrency: d.config.concurrency, maxQueue: d.config.maxQueue, retryAfterSeconds: 2 });
  const synth = new Synthesizer({ registry, store, files, pool, maxChars: d.config.maxChars, materialize: (u, id) => library.voiceBytes(u, id) });
  return {
    registry,
    library,
    synth,
    clock: d.clock,
    config: d.config,
    removeUserFiles: (userId) => files.removeUser(userId),
    sweepFiles: (o) => sweepVoiceFiles(files.root, store, o),
  };
}
