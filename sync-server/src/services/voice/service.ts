// Voice samples and cloned voices: checked uploads (U1-U3), quotas (U5), cloning with XTTS, stored under server ids.
import {
  AUDIO_ERROR_STATUS,
  CLONE_SAMPLE_POLICY,
  inspectAudioUpload,
  isAudioError,
  toMono,
  decodeWav,
  decodeMp3,
  type AudioUploadPolicy,
  type VoiceActivityDetector,
} from '@companion/core/audio';
import { voiceToBytes } from '@companion/core/speech/xtts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import type { VoiceConfig } from './config.ts';
import type { VoiceEngineRegistry } from './engines.ts';
import type { VoiceFiles } from './files.ts';
import { toModel, type VoiceModel, type VoiceSample, type VoiceSamplesTable, type VoiceStore } from './store.ts';

export interface VoiceLibraryDeps {
  store: VoiceStore;
  files: VoiceFiles;
  registry: VoiceEngineRegistry;
  clock: Clock;
  config: Pick<VoiceConfig, 'maxSamples' | 'maxModels' | 'maxBytes'> & Partial<Pick<VoiceConfig, 'historyDays'>>;
  /** Silero VAD (real weights) in production; without it the silent-sample check is skipped. */
  vad?: () => Promise<VoiceActivityDetector>;
}

const quota = (what: string, limit: number) =>
  new AppError('QUOTA_EXCEEDED', 409, `You have reached the limit of ${limit} ${what}; delete some first.`, { limit });
const historyNotFound = () => new AppError('HISTORY_NOT_FOUND', 404, 'No such history entry.');
const notFound = (what: string) => new AppError('VOICE_NOT_FOUND', 404, `No such ${what}.`);

export class VoiceLibrary {
  constructor(private readonly d: VoiceLibraryDeps) {}

  /** Type from the bytes, caps before decoding, duration, and enough speech by the VAD; AudioError → 413/415/422. */
  async inspect(bytes: Uint8Array, policy: AudioUploadPolicy) {
    try {
      return await inspectAudioUpload(bytes, policy, this.d.vad ? await this.d.vad() : undefined);
    } catch (err) {
      if (isAudioError(err)) throw new AppError(err.code, AUDIO_ERROR_STATUS[err.code] as ContentfulStatusCode, err.message);
      throw err;
    }
  }

  private async checkQuota(userId: string, add: { samples?: number; models?: number; bytes: number }): Promise<void> {
    const u = await this.d.store.usage(userId);
    const c = this.d.config;
    if (add.samples && u.samples + add.samples > c.maxSamples) throw quota('voice samples', c.maxSamples);
    if (add.models && u.models + add.models > c.maxModels) throw quota('voices', c.maxModels);
    if (u.bytes + add.bytes > c.maxBytes) throw quota('bytes of voice data', c.maxBytes);
  }

  async addSample(userId: string, bytes: Uint8Array, name: string, policy: AudioUploadPolicy): Promise<VoiceSample> {
    const checked = await this.inspect(bytes, policy);
    await this.checkQuota(userId, { samples: 1, bytes: bytes.length });
    return this.storeSample(userId, bytes, name, checked);
  }

  private async storeSample(userId: string, bytes: Uint8Array, name: string, checked: Awaited<ReturnType<VoiceLibrary['inspect']>>): Promise<VoiceSample> {
    const id = this.d.store.newId();
    const format = checked.type === 'mp3' ? 'mp3' : 'wav';
    const row: VoiceSamplesTable = {
      id,
      user_id: userId,
      name,
      format,
      file: `${id}.${format}`,
      size: bytes.length,
      duration_ms: Math.round(checked.durationSec * 1000),
      speech_ms: Math.round((checked.speech?.speechSec ?? checked.durationSec) * 1000),
      sample_rate: checked.audio.sampleRate,
      created_at: this.d.clock.now(),
    };
    await this.d.files.write(userId, row.file, bytes);
    try {
      return await this.d.store.insertSample(row);
    } catch (err) {
      await this.d.files.remove(userId, row.file);
      throw err;
    }
  }

  listSamples = (userId: string) => this.d.store.listSamples(userId);

  async deleteSample(userId: string, id: string): Promise<void> {
    const row = await this.d.store.deleteSample(userId, id);
    if (!row) throw notFound('voice sample');
    await this.d.files.remove(userId, row.file);
  }

  /**
   * Sample → voice model. With XTTS present the voice (conditioning latents + speaker embedding) is computed now;
   * without it the model is stored as `pending` and speaking it answers 503 until XTTS is configured.
   */
  async clone(userId: string, sampleId: string, name: string, language = 'en'): Promise<VoiceModel> {
    const sample = await this.d.store.sampleRow(userId, sampleId);
    if (!sample) throw notFound('voice sample');
    await this.checkQuota(userId, { models: 1, bytes: 0 });
    const id = this.d.store.newId();
    const now = this.d.clock.now();
    const voice = await this.computeVoice(userId, sample);
    const voiceFile = voice ? `${id}.xtv` : null;
    if (voice && voiceFile) await this.d.files.write(userId, voiceFile, voice);
    return this.d.store.insertModel({
      id,
      user_id: userId,
      sample_id: sampleId,
      name,
      engine: 'xtts',
      status: voice ? 'ready' : 'pending',
      voice_file: voiceFile,
      voice_size: voice?.length ?? 0,
      language,
      created_at: now,
      updated_at: now,
    });
  }

  /** POST /api/tts/clone: one WAV (3-30 s) → sample and voice in one step. */
  async cloneUpload(userId: string, bytes: Uint8Array, name: string): Promise<VoiceModel> {
    const sample = await this.addSample(userId, bytes, name, CLONE_SAMPLE_POLICY);
    try {
      return await this.clone(userId, sample.id, name);
    } catch (err) {
      await this.deleteSample(userId, sample.id).catch(() => undefined);
      throw err;
    }
  }

  private async computeVoice(userId: string, sample: VoiceSamplesTable): Promise<Uint8Array | undefined> {
    const model = await this.d.registry.tryXtts();
    if (!model) return undefined;
    const bytes = await this.d.files.read(userId, sample.file);
    const audio = sample.format === 'mp3' ? await decodeMp3(bytes) : decodeWav(bytes);
    return voiceToBytes(await model.cloneVoice(toMono(audio), audio.sampleRate));
  }

  /** The stored voice bytes of a model; a pending one is cloned from its sample now (XTTS must be loaded). */
  async voiceBytes(userId: string, modelId: string): Promise<Uint8Array> {
    const row = await this.d.store.modelRow(userId, modelId);
    if (!row) throw notFound('voice');
    if (row.status === 'ready' && row.voice_file) return this.d.files.read(userId, row.voice_file);
    const sample = row.sample_id ? await this.d.store.sampleRow(userId, row.sample_id) : undefined;
    if (!sample) throw new AppError('VOICE_NOT_READY', 409, 'This voice was never cloned and its sample is gone; clone it again.');
    const voice = await this.computeVoice(userId, sample);
    if (!voice) throw new AppError('VOICE_ENGINE_UNAVAILABLE', 503, 'The voice cloning engine (XTTS) is not available on this server.', undefined, { 'Retry-After': '60' });
    const file = `${modelId}.xtv`;
    await this.d.files.write(userId, file, voice);
    await this.d.store.updateModel(userId, modelId, { status: 'ready', voice_file: file, voice_size: voice.length, updated_at: this.d.clock.now() });
    return voice;
  }

  listModels = (userId: string) => this.d.store.listModels(userId);

  async getModel(userId: string, id: string): Promise<VoiceModel> {
    const row = await this.d.store.modelRow(userId, id);
    if (!row) throw notFound('voice');
    return toModel(row);
  }

  async updateModel(userId: string, id: string, patch: { name?: string | undefined; language?: string | undefined }): Promise<VoiceModel> {
    const set = { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.language !== undefined ? { language: patch.language } : {}) };
    const row = await this.d.store.updateModel(userId, id, { ...set, updated_at: this.d.clock.now() });
    if (!row) throw notFound('voice');
    return toModel(row);
  }

  /** `withSample`: also delete the sample it was cloned from, unless another voice was cloned from it too. */
  async deleteModel(userId: string, id: string, withSample = false): Promise<void> {
    const row = await this.d.store.deleteModel(userId, id);
    if (!row) throw notFound('voice');
    if (row.voice_file) await this.d.files.remove(userId, row.voice_file);
    if (withSample && row.sample_id && !(await this.d.store.sampleInUse(userId, row.sample_id))) {
      await this.deleteSample(userId, row.sample_id).catch(() => undefined);
    }
  }

  history = (userId: string, limit: number, before?: number) => this.d.store.history(userId, limit, before);

  /** A history entry's audio as it was sent; 404 when the entry or its audio is not there. */
  async historyAudio(userId: string, id: string): Promise<{ bytes: Uint8Array; format: 'wav' | 'mp3'; createdAt: number }> {
    const row = await this.d.store.historyRow(userId, id);
    if (!row) throw historyNotFound();
    if (!row.audio_file) throw new AppError('HISTORY_AUDIO_NOT_FOUND', 404, 'This history entry has no audio (it failed, was streamed, or predates kept audio).');
    const bytes = await this.d.files.read(userId, row.audio_file).catch(() => {
      throw new AppError('HISTORY_AUDIO_NOT_FOUND', 404, 'The audio of this history entry is gone.');
    });
    return { bytes, format: row.audio_file.endsWith('.mp3') ? 'mp3' : 'wav', createdAt: Number(row.created_at) };
  }

  async deleteHistory(userId: string, id: string): Promise<void> {
    const row = await this.d.store.deleteHistory(userId, id);
    if (!row) throw historyNotFound();
    if (row.audio_file) await this.d.files.remove(userId, row.audio_file);
  }

  /** Deletes all of a user's history; answers how many entries went. */
  async clearHistory(userId: string): Promise<number> {
    return this.removeHistory(await this.d.store.deleteHistoryWhere({ userId }));
  }

  /** Retention: entries older than `days` (VOICE_HISTORY_DAYS) go with their audio; 0 keeps everything. */
  async purgeHistory(days: number = this.d.config.historyDays ?? 0): Promise<number> {
    if (days <= 0) return 0;
    return this.removeHistory(await this.d.store.deleteHistoryWhere({ before: this.d.clock.now() - days * 86_400_000 }));
  }

  private async removeHistory(rows: Array<{ user_id: string; audio_file: string | null }>): Promise<number> {
    for (const r of rows) if (r.audio_file) await this.d.files.remove(r.user_id, r.audio_file).catch(() => undefined);
    return rows.length;
  }

  /** A clone's stored files, for a character card export: its voice bytes when ready, its sample while it is kept. */
  async exportFiles(userId: string, id: string): Promise<{ model: VoiceModel; voice?: Uint8Array; sample?: { bytes: Uint8Array; format: 'wav' | 'mp3' } }> {
    const row = await this.d.store.modelRow(userId, id);
    if (!row) throw notFound('voice');
    const voice = row.status === 'ready' && row.voice_file ? await this.d.files.read(userId, row.voice_file) : undefined;
    const s = row.sample_id ? await this.d.store.sampleRow(userId, row.sample_id) : undefined;
    const sample = s ? { bytes: await this.d.files.read(userId, s.file), format: s.format } : undefined;
    return { model: toModel(row), ...(voice ? { voice } : {}), ...(sample ? { sample } : {}) };
  }

  /**
   * A voice carried in by a character card, always under a new id (no other voice is ever overwritten). The sample
   * is checked like an upload and the whole quota before anything is written (409 QUOTA_EXCEEDED); the voice bytes
   * must already be checked by the caller. Ready when its bytes came along, else pending (cloned when first spoken).
   */
  async importVoice(userId: string, input: { name: string; language: string; voice?: Uint8Array | undefined; sample?: Uint8Array | undefined }, policy: AudioUploadPolicy): Promise<VoiceModel> {
    if (!input.voice && !input.sample) throw new AppError('VALIDATION_FAILED', 400, 'A voice needs its bytes or its sample.');
    const checked = input.sample ? await this.inspect(input.sample, policy) : undefined;
    const bytes = (input.voice?.length ?? 0) + (input.sample?.length ?? 0);
    await this.checkQuota(userId, { samples: checked ? 1 : 0, models: 1, bytes });
    const sample = input.sample && checked ? await this.storeSample(userId, input.sample, input.name, checked) : undefined;
    const id = this.d.store.newId();
    const voiceFile = input.voice ? `${id}.xtv` : null;
    try {
      if (input.voice && voiceFile) await this.d.files.write(userId, voiceFile, input.voice);
      const now = this.d.clock.now();
      return await this.d.store.insertModel({
        id,
        user_id: userId,
        sample_id: sample?.id ?? null,
        name: input.name,
        engine: 'xtts',
        status: input.voice ? 'ready' : 'pending',
        voice_file: voiceFile,
        voice_size: input.voice?.length ?? 0,
        language: input.language,
        created_at: now,
        updated_at: now,
      });
    } catch (err) {
      if (voiceFile) await this.d.files.remove(userId, voiceFile).catch(() => undefined);
      if (sample) await this.deleteSample(userId, sample.id).catch(() => undefined);
      throw err;
    }
  }
}
