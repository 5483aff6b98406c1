// Voice samples, voice models (cloned voices) and synthesis history in the database (migration *_voice).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/index.ts';

export interface VoiceSamplesTable {
  id: string;
  user_id: string;
  name: string;
  format: 'wav' | 'mp3';
  /** Server-made file name under DATA_DIR/voice/<user id>/ (U4): never anything the client sent. */
  file: string;
  size: number;
  duration_ms: number;
  speech_ms: number;
  sample_rate: number;
  created_at: number;
}

export interface VoiceModelsTable {
  id: string;
  user_id: string;
  /** The sample it was cloned from; null once that sample is deleted (the voice itself stays usable). */
  sample_id: string | null;
  name: string;
  engine: string;
  /** ready: conditioning latents + speaker embedding stored; pending: the sample is stored, the engine was absent. */
  status: 'ready' | 'pending';
  /** Server-made file name of the XTTS voice bytes (core/speech/xtts/voice.ts), when ready. */
  voice_file: string | null;
  voice_size: number;
  language: string;
  created_at: number;
  updated_at: number;
}

export interface VoiceHistoryTable {
  id: string;
  user_id: string;
  voice: string;
  engine: string;
  format: string;
  chars: number;
  duration_ms: number;
  created_at: number;
  /** Null on rows written before the history kept text and audio (migration 0005). */
  text: string | null;
  audio_file: string | null;
  audio_size: number;
  status: HistoryStatus;
}

export type HistoryStatus = 'completed' | 'failed';

type Tables = { voice_samples: VoiceSamplesTable; voice_models: VoiceModelsTable; voice_history: VoiceHistoryTable };

export interface VoiceSample {
  id: string;
  name: string;
  format: 'wav' | 'mp3';
  size: number;
  durationMs: number;
  speechMs: number;
  sampleRate: number;
  createdAt: number;
}

export interface VoiceModel {
  id: string;
  /** What to pass as `voice` to the synthesis routes. */
  voice: string;
  name: string;
  engine: string;
  status: 'ready' | 'pending';
  sampleId: string | null;
  language: string;
  createdAt: number;
  updatedAt: number;
}

export interface HistoryEntry {
  id: string;
  voice: string;
  engine: string;
  format: string;
  chars: number;
  durationMs: number;
  createdAt: number;
  text: string | null;
  status: HistoryStatus;
  /** Whether GET /api/voice/history/{id}/audio has something to play. */
  hasAudio: boolean;
}

const historyEntry = (r: VoiceHistoryTable): HistoryEntry => ({
  id: r.id,
  voice: r.voice,
  engine: r.engine,
  format: r.format,
  chars: r.chars,
  durationMs: r.duration_ms,
  createdAt: Number(r.created_at),
  text: r.text,
  status: r.status,
  hasAudio: r.audio_file !== null,
});

const sample = (r: VoiceSamplesTable): VoiceSample => ({
  id: r.id,
  name: r.name,
  format: r.format,
  size: r.size,
  durationMs: r.duration_ms,
  speechMs: r.speech_ms,
  sampleRate: r.sample_rate,
  createdAt: r.created_at,
});

export const toModel = (r: VoiceModelsTable): VoiceModel => ({
  id: r.id,
  voice: `clone:${r.id}`,
  name: r.name,
  engine: r.engine,
  status: r.status,
  sampleId: r.sample_id,
  language: r.language,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Every query is scoped by user id: another user's id simply does not exist (A5). */
export function createVoiceStore(database: Kysely<Database>) {
  const db = database.withTables<Tables>();
  return {
    newId: () => randomUUID(),

    async usage(userId: string): Promise<{ samples: number; models: number; bytes: number }> {
      const s = await db
        .selectFrom('voice_samples')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes')])
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      const m = await db
        .selectFrom('voice_models')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('voice_size'), eb.lit(0)).as('bytes')])
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return { samples: Number(s.n), models: Number(m.n), bytes: Number(s.bytes) + Number(m.bytes) };
    },

    async insertSample(row: VoiceSamplesTable): Promise<VoiceSample> {
      await db.insertInto('voice_samples').values(row).execute();
      return sample(row);
    },
    async listSamples(userId: string): Promise<VoiceSample[]> {
      const rows = await db.selectFrom('voice_samples').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(sample);
    },
    async sampleRow(userId: string, id: string): Promise<VoiceSamplesTable | undefined> {
      return db.selectFrom('voice_samples').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    },
    async deleteSample(userId: string, id: string): Promise<VoiceSamplesTable | undefined> {
      const row = await db.selectFrom('voice_samples').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      await db.updateTable('voice_models').set({ sample_id: null }).where('user_id', '=', userId).where('sample_id', '=', id).execute();
      await db.deleteFrom('voice_samples').where('user_id', '=', userId).where('id', '=', id).execute();
      return row;
    },

    async insertModel(row: VoiceModelsTable): Promise<VoiceModel> {
      await db.insertInto('voice_models').values(row).execute();
      return toModel(row);
    },
    async listModels(userId: string): Promise<VoiceModel[]> {
      const rows = await db.selectFrom('voice_models').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toModel);
    },
    async modelRow(userId: string, id: string): Promise<VoiceModelsTable | undefined> {
      return db.selectFrom('voice_models').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    },
    async updateModel(userId: string, id: string, set: Partial<Pick<VoiceModelsTable, 'name' | 'language' | 'status' | 'voice_file' | 'voice_size' | 'updated_at'>>): Promise<VoiceModelsTable | undefined> {
      await db.updateTable('voice_models').set(set).where('user_id', '=', userId).where('id', '=', id).execute();
      return db.selectFrom('voice_models').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    },
    async sampleInUse(userId: string, sampleId: string): Promise<boolean> {
      const row = await db.selectFrom('voice_models').select('id').where('user_id', '=', userId).where('sample_id', '=', sampleId).executeTakeFirst();
      return row !== undefined;
    },
    async deleteModel(userId: string, id: string): Promise<VoiceModelsTable | undefined> {
      const row = await db.selectFrom('voice_models').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      await db.deleteFrom('voice_models').where('user_id', '=', userId).where('id', '=', id).execute();
      return row;
    },

    /** For the file sweep: does the account still exist? */
    async userExists(userId: string): Promise<boolean> {
      return (await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()) !== undefined;
    },
    /** For the file sweep: every file name a row of this user points at (samples and ready voices). */
    async fileNames(userId: string): Promise<Set<string>> {
      const samples = await db.selectFrom('voice_samples').select('file').where('user_id', '=', userId).execute();
      const models = await db.selectFrom('voice_models').select('voice_file').where('user_id', '=', userId).execute();
      const history = await db.selectFrom('voice_history').select('audio_file').where('user_id', '=', userId).where('audio_file', 'is not', null).execute();
      return new Set([...samples.map((r) => r.file), ...models.flatMap((r) => (r.voice_file ? [r.voice_file] : [])), ...history.flatMap((r) => (r.audio_file ? [r.audio_file] : []))]);
    },

    async addHistory(row: VoiceHistoryTable): Promise<void> {
      await db.insertInto('voice_history').values(row).execute();
    },
    async history(userId: string, limit: number, before?: number): Promise<HistoryEntry[]> {
      let q = db.selectFrom('voice_history').selectAll().where('user_id', '=', userId);
      if (before !== undefined) q = q.where('created_at', '<', before);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(historyEntry);
    },
    async historyRow(userId: string, id: string): Promise<VoiceHistoryTable | undefined> {
      return db.selectFrom('voice_history').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    },
    /** Deletes one entry (the caller removes its file); undefined when the user has no such entry. */
    async deleteHistory(userId: string, id: string): Promise<VoiceHistoryTable | undefined> {
      const row = await db.selectFrom('voice_history').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      if (row) await db.deleteFrom('voice_history').where('user_id', '=', userId).where('id', '=', id).execute();
      return row;
    },
    /** Deletes a user's entries, or everyone's older than `before` (retention); answers what went, for their files. */
    async deleteHistoryWhere(w: { userId?: string; before?: number }): Promise<Array<{ user_id: string; audio_file: string | null }>> {
      let q = db.selectFrom('voice_history').select(['id', 'user_id', 'audio_file']);
      if (w.userId !== undefined) q = q.where('user_id', '=', w.userId);
      if (w.before !== undefined) q = q.where('created_at', '<', w.before);
      const rows = await q.execute();
      for (let i = 0; i < rows.length; i += 500) {
        await db.deleteFrom('voice_history').where('id', 'in', rows.slice(i, i + 500).map((r) => r.id)).execute();
      }
      return rows;
    },
  };
}

export type VoiceStore = ReturnType<typeof createVoiceStore>;
