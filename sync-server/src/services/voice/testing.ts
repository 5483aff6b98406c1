// Test harness: the real app with the voice routes (tts, voice, /v1/audio, chat with speech) on a throwaway database.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { VoiceActivityDetector } from '@companion/core/audio';
import { voiceToBytes, XttsModel, type XttsSession } from '@companion/core/speech/xtts';
import { createApp } from '../../app.ts';
import { FAST_SCRYPT } from '../../auth/testing.ts';
import { createAuthModule } from '../../auth/index.ts';
import { ManualClock } from '../../clock.ts';
import { testConfig } from '../../env.ts';
import { loadInferenceConfig } from '../../inference/config.ts';
import { createInference, createUserSettingsStore, type InferenceDeps } from '../../inference/index.ts';
import type { GenerationResult } from '@companion/core/llm';
import { tinyModelStore } from '../../inference/testing.ts';
import { createLogger } from '../../middleware/logging/index.ts';
import { createChatRoutes } from '../../routes/chat/index.ts';
import { createChatSpeech } from '../../routes/chat/speech.ts';
import { createOpenAiRoutes } from '../../routes/openai/index.ts';
import { createTtsRoutes } from '../../routes/tts/index.ts';
import { createOpenAiSpeechRoutes } from '../../routes/voice/openai-speech.ts';
import { createVoiceRoutes } from '../../routes/voice/index.ts';
import { openTestStorage } from '../../storage/testing.ts';
import { loadVoiceConfig } from './config.ts';
import type { EngineLoaders } from './engines.ts';
import { createVoiceFiles } from './files.ts';
import { createVoiceStore } from './store.ts';
import { createVoice, type Voice } from './index.ts';

export interface VoiceTestAppOptions {
  kind?: 'sqlite' | 'postgres';
  /** Extra environment (TTS_CONCURRENCY, VOICE_MAX_SAMPLES, RATE_LIMIT_* ...). */
  env?: Record<string, string>;
  loaders?: EngineLoaders;
  vad?: () => Promise<VoiceActivityDetector>;
  /** Set up test-tiny-llm for the chat stream (costs a model store copy). */
  chat?: boolean;
  engine?: InferenceDeps['engine'];
}

export async function createVoiceTestApp(opts: VoiceTestAppOptions = {}) {
  const storage = await openTestStorage(opts.kind ?? 'sqlite');
  const store = opts.chat ? await tinyModelStore() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'voice-data-'));
  const clock = new ManualClock();
  const env = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    RATE_LIMIT_AUTH: '100000/60',
    RATE_LIMIT_CHAT: '100000/60',
    RATE_LIMIT_SYNTHESIS: '100000/60',
    RATE_LIMIT_VOICE_CLONE: '100000/60',
    RATE_LIMIT_DEFAULT: '100000/60',
    WEB_DIST: '/nonexistent-web-dist',
    MODELS_DIR: store?.modelsDir ?? '/nonexistent-models',
    ...opts.env,
  };
  const config = testConfig(env);
  const finished: GenerationResult[] = [];
  const inference = createInference({
    config: loadInferenceConfig(env),
    catalog: store?.catalog ?? [],
    modelsDir: config.modelsDir,
    settings: createUserSettingsStore(storage.db, clock),
    engine: { onFinished: (r) => finished.push(r), ...opts.engine },
  });
  const voice = createVoice({ db: storage.db, clock, dataDir, config: loadVoiceConfig(env), ...(opts.loaders ? { loaders: opts.loaders } : {}), ...(opts.vad ? { vad: opts.vad } : {}) });
  const auth = createAuthModule({
    db: storage.db,
    clock,
    config: { jwtSecret: config.jwtSecret, registration: 'open', passwordParams: FAST_SCRYPT },
    // As in main.ts: deleting an account removes its voice files.
    onAccountDeleted: (userId) => voice.removeUserFiles(userId),
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = createApp({
    config: { ...config, logLevel: 'trace' },
    clock,
    logger: createLogger({ logLevel: 'trace' }, sink),
    storage: { kind: storage.kind, check: () => storage.health() },
    auth,
    providers: [...inference.service.probes(), ...voice.registry.probes()],
    uploadPrefixes: ['/api/tts/clone', '/api/voice/upload'],
    routes: [
      { path: '/api/chat', routes: createChatRoutes(inference.service, { speech: createChatSpeech(voice) }) },
      { path: '/api/tts', routes: createTtsRoutes(voice) },
      { path: '/api/voice', routes: createVoiceRoutes(voice) },
      { path: '/v1/audio', routes: createOpenAiSpeechRoutes(voice) },
      { path: '/v1', routes: createOpenAiRoutes(inference.service) },
    ],
  });
  return {
    app,
    voice,
    inference,
    finished,
    storage,
    clock,
    dataDir,
    logs: () => logLines.join(''),
    async dispose() {
      await inference.close();
      await voice.registry.close();
      await storage.dispose();
      store?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * test-tiny-xtts on onnxruntime-node with its GPT graph watched: how many steps it has run, and an optional hold
 * before a given step (the step waits until released). The hold lets a test see what the server sends while a
 * synthesis is provably unfinished, without timing anything.
 */
export function watchedXtts(dir: string) {
  let runs = 0;
  let hold: { at: number; reached: () => void; released: Promise<void> } | undefined;
  const signals: (AbortSignal | undefined)[] = [];
  const gate = {
    /** GPT steps run so far (one per audio token, plus one per text chunk's stop). */
    runs: () => runs,
    /** The abort signal of the latest XttsModel.speak call (what a client hanging up must fire). */
    lastSignal: () => signals.at(-1),
    /** Step `at` (1-based, counted from now on) waits for release(); `reached` resolves when it is waiting. */
    holdAt(at: number): { reached: Promise<void>; release: () => void } {
      let release!: () => void;
      let reached!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const waiting = new Promise<void>((r) => (reached = r));
      hold = { at: runs + at, reached, released };
      return { reached: waiting, release: () => ((hold = undefined), release()) };
    },
  };
  const loader = async (): Promise<XttsModel> => {
    const ort = await import('onnxruntime-node');
    const model = await XttsModel.load({
      readFile: async (p) => new Uint8Array(await readFile(join(dir, p))),
      tensor: (type, data, dims) => new ort.Tensor(type, data, [...dims]),
      createSession: async (graph, file) => {
        const inner = (await ort.InferenceSession.create(join(dir, file))) as unknown as XttsSession;
        if (graph !== 'gpt_model') return inner;
        const watched: XttsSession = {
          inputNames: inner.inputNames ?? [],
          outputNames: inner.outputNames ?? [],
          async run(feeds) {
            runs += 1;
            const h = hold;
            if (h && runs === h.at) {
              h.reached();
              await h.released;
            }
            return inner.run(feeds);
          },
        };
        return watched;
      },
    });
    const speak = model.speak.bind(model);
    model.speak = (text, voice, o = {}) => {
      signals.push(o.signal);
      return speak(text, voice, o);
    };
    return model;
  };
  return { loader, gate };
}

/**
 * A ready XTTS voice for `userId`, cloned from 3 s of a synthetic tone (the tiny model's encoders are stubs: any
 * audio clones), stored the way the library stores one, speaking `language`. Returns its voice id (clone:<id>).
 */
export async function addXttsVoice(voice: Voice, db: Awaited<ReturnType<typeof openTestStorage>>['db'], dataDir: string, userId: string, language = 'en'): Promise<string> {
  const model = await voice.registry.xttsModel();
  const rate = 24000;
  const tone = Float32Array.from({ length: rate * 3 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 180 * i) / rate) * (1 + 0.5 * Math.sin(i / 900)));
  const bytes = voiceToBytes(await model.cloneVoice(tone, rate));
  const id = randomUUID();
  const file = `${id}.xtv`;
  await createVoiceFiles(dataDir).write(userId, file, bytes);
  const now = Date.now();
  await createVoiceStore(db).insertModel({ id, user_id: userId, sample_id: null, name: 'Tone', engine: 'xtts', status: 'ready', voice_file: file, voice_size: bytes.length, language, created_at: now, updated_at: now });
  return `clone:${id}`;
}
