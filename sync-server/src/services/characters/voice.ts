// A character's voice: chosen from the user's own voices, packed into CHARX exports and recreated on import.
import type { AudioUploadPolicy } from '@companion/core/audio';
import { type Card, type CardVoice, getCardVoice, packCardVoice, unpackCardVoice, withCardVoice } from '@companion/core/cards';
import { TtsError } from '@companion/core/speech';
import { voiceFromBytes, XttsVoiceError } from '@companion/core/speech/xtts';
import { AppError } from '../../errors.ts';
import { CLONE_PREFIX, VoiceEngineRegistry, type Voice } from '../voice/index.ts';

/** Real XTTS-v2 voices are about 130 KB (32 × 1024 latents + 512 speaker floats); 2 MiB leaves room and no more. */
export const MAX_VOICE_ASSET_BYTES = 2 * 1024 * 1024;

/** A packed sample passed either upload check once (3-30 s WAV, or 10-300 s WAV/MP3): the union of the two. */
export const CARD_SAMPLE_POLICY: AudioUploadPolicy = { allowed: ['wav', 'mp3'], maxBytes: 10 * 1024 * 1024, minDurationSec: 3, maxDurationSec: 300, minSpeechSec: 2 };

/** What happened to the voice a card brought along (POST /api/characters and /upload answer it as `voiceImport`). */
export type VoiceImport =
  | { status: 'imported'; voice: string; name: string }
  | { status: 'skipped'; code: string; message: string };

export interface VoiceStatus extends CardVoice {
  /** Whether this user can speak it now: a built-in voice, or a clone of theirs that still exists. */
  available: boolean;
}

export interface UnpackResult {
  /** The card to store: packed voice files removed, the reference pointing at the recreated clone (or removed). */
  card: Card;
  voiceImport?: VoiceImport;
  warnings: string[];
  /** Undoes the recreated clone when the character itself could not be saved (no half-import). */
  rollback(): Promise<void>;
}

/** The same characters the chat `tts.voice` takes; anything else in a card cannot name a voice of this server. */
const VOICE_ID = /^[A-Za-z0-9_.:+/-]{1,120}$/;
const LANGUAGE = /^[a-z]{2}(-[a-z]{2})?$/;
const GONE = new Set(['VOICE_NOT_FOUND', 'UNKNOWN_VOICE', 'VOICE_NOT_READY']);

const badAsset = (message: string, reason: string) =>
  new AppError('BAD_VOICE_ASSET', 422, `The voice packed in the card is not usable: ${message}`, { reason });
const tooLarge = (what: string, max: number) =>
  new AppError('VOICE_ASSET_TOO_LARGE', 413, `The voice ${what} packed in the card is larger than ${max} bytes.`, { maxBytes: max });

/** An error that means "this voice is not there (any more)": speech falls back to the default voice instead. */
export function isVoiceGone(error: unknown): error is AppError {
  return error instanceof AppError && GONE.has(error.code);
}

export function isVoiceId(voice: string): boolean {
  return VOICE_ID.test(voice);
}

export function createCharacterVoices(voice: Pick<Voice, 'library' | 'registry'>) {
  const { library, registry } = voice;

  /** The clone model id of a `clone:<id>` voice, undefined for a built-in one. */
  const cloneId = (id: string) => (VoiceEngineRegistry.isClone(id) ? id.slice(CLONE_PREFIX.length) : undefined);

  async function builtinReference(id: string): Promise<CardVoice> {
    const engine = await registry.builtin();
    try {
      // espeak-ng checks the voice before speaking: empty text costs nothing.
      await engine.synthesize('', { voice: id });
    } catch (error) {
      if (error instanceof TtsError && error.code === 'TTS_UNKNOWN_VOICE') throw new AppError('UNKNOWN_VOICE', 422, `There is no built-in voice "${id}"; GET /api/tts/voices lists them.`);
      throw error;
    }
    const known = (await engine.listVoices()).find((v) => v.id === id);
    return { engine: engine.id, voice: id, name: known?.name ?? id };
  }

  /** Recreates the clone a card carries for this user; 4xx for bytes that are not a voice, before anything is written. */
  async function recreate(userId: string, ref: CardVoice, packed: { voice?: Uint8Array; sample?: Uint8Array }): Promise<{ ref: CardVoice; id: string }> {
    if (packed.voice) {
      if (packed.voice.byteLength > MAX_VOICE_ASSET_BYTES) throw tooLarge('file', MAX_VOICE_ASSET_BYTES);
      try {
        voiceFromBytes(packed.voice);
      } catch (error) {
        if (error instanceof XttsVoiceError) throw badAsset(error.message, error.code);
        throw error;
      }
    }
    if (packed.sample && packed.sample.byteLength > CARD_SAMPLE_POLICY.maxBytes) throw tooLarge('sample', CARD_SAMPLE_POLICY.maxBytes);
    const name = ref.name.trim().slice(0, 100) || 'Imported voice';
    const language = ref.language && LANGUAGE.test(ref.language) ? ref.language : 'en';
    try {
      const model = await library.importVoice(userId, { name, language, voice: packed.voice, sample: packed.sample }, CARD_SAMPLE_POLICY);
      return { ref: { engine: model.engine, voice: model.voice, name: model.name, language: model.language }, id: model.id };
    } catch (error) {
      // The sample's own upload checks (type, length, speech): the card's fault, said as such. Quota passes through.
      if (error instanceof AppError && error.status < 500 && error.code !== 'QUOTA_EXCEEDED') {
        if (error.status === 413) throw tooLarge('sample', CARD_SAMPLE_POLICY.maxBytes);
        throw badAsset(`its sample: ${error.message}`, error.code);
      }
      throw error;
    }
  }

  return {
    /**
     * The reference stored for `PUT /api/characters/{id}/voice`: a built-in voice (422 UNKNOWN_VOICE when there is
     * none by that id) or one of this user's clones (404 VOICE_NOT_FOUND otherwise, another user's included).
     */
    async reference(userId: string, voiceId: string): Promise<CardVoice> {
      const id = cloneId(voiceId);
      if (id === undefined) return builtinReference(voiceId);
      const model = await library.getModel(userId, id);
      return { engine: model.engine, voice: model.voice, name: model.name, language: model.language };
    },

    /** The reference with whether this user can speak it now (built-in voices are assumed present: no engine load). */
    async status(userId: string, ref: CardVoice): Promise<VoiceStatus> {
      const { asset: _a, sample: _s, ...plain } = ref;
      const id = cloneId(ref.voice);
      if (id === undefined) return { ...plain, available: isVoiceId(ref.voice) };
      const exists = isVoiceId(ref.voice) && (await library.getModel(userId, id).then(() => true, (e: unknown) => (isVoiceGone(e) ? false : Promise.reject(e))));
      return { ...plain, available: exists };
    },

    /**
     * The card as exported: the reference without packed-file URIs, and for a CHARX (`withFiles`) the clone's
     * voice bytes and its reference sample as assets. A clone that is gone is exported as a bare reference.
     */
    async pack(userId: string, card: Card, withFiles: boolean): Promise<Card> {
      const ref = getCardVoice(card);
      if (!ref) return card;
      const id = cloneId(ref.voice);
      if (!withFiles || id === undefined || !isVoiceId(ref.voice)) return packCardVoice(card, ref, {});
      const files = await library.exportFiles(userId, id).catch((e: unknown) => (isVoiceGone(e) ? undefined : Promise.reject(e)));
      if (!files) return packCardVoice(card, ref, {});
      const plain = { ...ref, name: files.model.name, language: files.model.language };
      return packCardVoice(card, plain, { ...(files.voice ? { voice: files.voice } : {}), ...(files.sample ? { sample: { bytes: files.sample.bytes, ext: files.sample.format } } : {}) });
    },

    /**
     * Before an imported card is saved: a packed voice becomes a new clone of this user (never overwriting one).
     * Bytes that are not a voice or a usable sample are 413/422 and nothing is saved; when the user's voice quota is
     * full, the character is imported without the voice and `voiceImport` says so.
     */
    async unpack(userId: string, card: Card): Promise<UnpackResult> {
      const un = unpackCardVoice(card);
      const none = async () => undefined;
      if (!un.voice) return { card: un.card, warnings: [], rollback: none };
      const hasBytes = un.packed.voice !== undefined || un.packed.sample !== undefined;
      if (!hasBytes && un.missing.length === 0) {
        // PNG/JSON: a reference only. It may name a voice of another server or user: chat then speaks the default.
        const status = await this.status(userId, un.voice);
        const warnings = status.available ? [] : [`The card's voice "${un.voice.name}" is not one of your voices; chat speaks with the default voice until you choose one.`];
        return { card: withCardVoice(un.card, un.voice), warnings, rollback: none };
      }
      if (!hasBytes) {
        const message = `The card's voice "${un.voice.name}" was not imported: ${un.missing.join('; ')}.`;
        return { card: withCardVoice(un.card, undefined), voiceImport: { status: 'skipped', code: 'VOICE_ASSET_MISSING', message }, warnings: [message], rollback: none };
      }
      try {
        const made = await recreate(userId, un.voice, un.packed);
        return {
          card: withCardVoice(un.card, made.ref),
          voiceImport: { status: 'imported', voice: made.ref.voice, name: made.ref.name },
          warnings: un.missing.map((m) => `${m[0]?.toUpperCase()}${m.slice(1)}.`),
          rollback: () => library.deleteModel(userId, made.id, true).catch(() => undefined),
        };
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'QUOTA_EXCEEDED')) throw error;
        const message = `The character was imported without its voice "${un.voice.name}": ${error.message}`;
        return { card: withCardVoice(un.card, undefined), voiceImport: { status: 'skipped', code: error.code, message }, warnings: [message], rollback: none };
      }
    },
  };
}

export type CharacterVoices = ReturnType<typeof createCharacterVoices>;
