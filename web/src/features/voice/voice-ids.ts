// Voice choices as strings: `espeak:<id>`, `browser:<voiceURI>`, `clone:<id>` (a cloned voice in IndexedDB),
// `server:<voice id>` (a voice of the signed-in user's server, spoken there).
import { CLONE_PREFIX } from '@companion/core/speech';

export { CLONE_PREFIX };

/** `espeak:<voice id>` (TTS worker), `browser:<voiceURI>` (the browser's own voices), `clone:<id>` (XTTS, TTS worker). */
export type VoiceChoice = `espeak:${string}` | `browser:${string}` | `clone:${string}` | `server:${string}`;

export const SERVER_PREFIX = 'server:';

export function clonedVoiceId(choice: VoiceChoice): string | null {
  return choice.startsWith(CLONE_PREFIX) ? choice.slice(CLONE_PREFIX.length) : null;
}

/** The server's own voice id (`gmw/en-US`, `clone:<uuid>` of a server-side clone) behind a `server:` choice. */
export function serverVoiceId(choice: VoiceChoice): string | null {
  return choice.startsWith(SERVER_PREFIX) ? choice.slice(SERVER_PREFIX.length) : null;
}

const CHOICE_PREFIXES = ['espeak:', 'browser:', 'clone:', 'server:'];

/** A voice stored as a plain string (a character's voice, the settings), checked; unknown kinds fall back. */
export function asVoiceChoice(value: string | null | undefined, fallback: VoiceChoice = 'espeak:'): VoiceChoice {
  return value && CHOICE_PREFIXES.some((p) => value.startsWith(p)) ? (value as VoiceChoice) : fallback;
}
