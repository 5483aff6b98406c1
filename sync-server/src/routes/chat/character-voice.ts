// `tts` without a voice speaks with the active character's voice; a voice that is gone falls back to the default, said in headers.
import type { CardVoice } from '@companion/core/cards';
import { AppError } from '../../errors.ts';
import { isVoiceGone, isVoiceId } from '../../services/characters/index.ts';
import { DEFAULT_VOICE } from '../../services/voice/index.ts';
import type { ChatSpeech } from './speech.ts';

/** The voice id the reply is spoken with. */
export const VOICE_HEADER = 'X-Speech-Voice';
/** Present when the character's voice could not be used: its error code (VOICE_NOT_FOUND, UNKNOWN_VOICE, VOICE_NOT_READY). */
export const FALLBACK_HEADER = 'X-Speech-Voice-Fallback';

type Starter = Awaited<ReturnType<ChatSpeech['prepare']>>;
const HEADERS = Symbol('speech headers');
type Tagged = Starter & { [HEADERS]?: Record<string, string> };

function tag(start: Starter, headers: Record<string, string>): Starter {
  const tagged: Tagged = (send) => start(send);
  tagged[HEADERS] = headers;
  return tagged;
}

/** The response headers a prepared speaker asks for (none when no character voice was involved). */
export function speechHeaders(start: Starter | undefined): Record<string, string> {
  return (start as Tagged | undefined)?.[HEADERS] ?? {};
}

/**
 * Wraps the chat speech: a request naming a voice is left as it is; one naming none (`tts: {}`) gets the active
 * character's voice when it has one. A character voice that is gone (deleted clone, another user's, unknown
 * built-in) is not the client's mistake, so the reply is spoken with the default voice and the fallback header
 * says why. A clone whose engine (XTTS) is missing stays 503, as for any clone: it is never faked by another engine.
 */
export function withCharacterVoice(speech: ChatSpeech, characters: { activeVoice(userId: string): Promise<CardVoice | undefined> }): ChatSpeech {
  return {
    async prepare(userId, tts, signal) {
      if (tts.voice !== undefined) return speech.prepare(userId, tts, signal);
      const own = await characters.activeVoice(userId);
      if (!own) return speech.prepare(userId, tts, signal);
      try {
        // Card data is user-editable: a voice id outside the API's alphabet never reaches a query.
        if (!isVoiceId(own.voice)) throw new AppError('UNKNOWN_VOICE', 400, 'The character names a voice id that is not valid.');
        return tag(await speech.prepare(userId, { ...tts, voice: own.voice }, signal), { [VOICE_HEADER]: own.voice });
      } catch (error) {
        if (!isVoiceGone(error)) throw error;
        const start = await speech.prepare(userId, { ...tts, voice: DEFAULT_VOICE }, signal);
        return tag(start, { [VOICE_HEADER]: DEFAULT_VOICE, [FALLBACK_HEADER]: error.code });
      }
    },
  };
}
