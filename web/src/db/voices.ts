// Cloned voices in IndexedDB: list newest first, add, rename, re-clone, delete.
import { CodedError } from '@companion/core/errors';
import { appDb, type AppDatabase } from './app-db';
import { mutate } from './outbox';
import type { StoredVoice, VoiceModelRef } from './voice-record';

export type { StoredVoice, VoiceModelRef } from './voice-record';

export const VOICE_NAME_MAX = 60;

export interface NewVoice {
  name: string;
  language: string;
  model: VoiceModelRef;
  voice: Uint8Array;
  sample: StoredVoice['sample'];
}

export interface VoiceStore {
  list(): Promise<StoredVoice[]>;
  get(id: string): Promise<StoredVoice | undefined>;
  add(voice: NewVoice): Promise<StoredVoice>;
  rename(id: string, name: string): Promise<StoredVoice>;
  /** After cloning again from the stored sample with another model. */
  replaceVoice(id: string, model: VoiceModelRef, voice: Uint8Array): Promise<StoredVoice>;
  remove(id: string): Promise<void>;
}

function cleanName(name: string): string {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  if (trimmed.length === 0) throw new CodedError('VOICE_BAD_NAME', 'Give the voice a name.', { recoverable: true });
  if (trimmed.length > VOICE_NAME_MAX)
    throw new CodedError('VOICE_BAD_NAME', `Voice names are at most ${VOICE_NAME_MAX} characters.`, { recoverable: true });
  return trimmed;
}

function notFound(id: string): CodedError {
  return new CodedError('VOICE_NOT_FOUND', `There is no cloned voice ${id} on this device.`, { recoverable: false });
}

export function createVoiceStore(db: AppDatabase = appDb(), now: () => number = Date.now): VoiceStore {
  const update = async (id: string, patch: Partial<StoredVoice>): Promise<StoredVoice> => {
    return mutate(
      db,
      [db.voices],
      async (w) => {
        const current = await db.voices.get(id);
        if (!current) throw notFound(id);
        const next = { ...current, ...patch };
        await w.put(db.voices, next);
        return next;
      },
      { now },
    );
  };
  return {
    list: () => db.voices.orderBy('createdAt').reverse().toArray(),
    get: (id) => db.voices.get(id),
    async add(v) {
      if (v.voice.byteLength === 0) throw new CodedError('VOICE_EMPTY', 'The cloned voice has no data.', { recoverable: false });
      const record: StoredVoice = { ...v, id: crypto.randomUUID(), name: cleanName(v.name), createdAt: now() };
      // put, not add: the id is fresh, and put is what the outbox writer records.
      await mutate(db, [db.voices], (w) => w.put(db.voices, record), { now });
      return record;
    },
    rename: async (id, name) => update(id, { name: cleanName(name) }),
    replaceVoice: (id, model, voice) => update(id, { model, voice }),
    async remove(id) {
      await mutate(db, [db.voices], (w) => w.delete(db.voices, id), { now });
    },
  };
}
