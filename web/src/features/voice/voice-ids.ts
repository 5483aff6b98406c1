// Voice choices as strings: `espeak:<id>`, `browser:<voiceURI>`, `clone:<id>` (a cloned voice in IndexedDB).
export const CLONE_PREFIX = 'clone:';

/** `espeak:<voice id>` (TTS worker), `browser:<voiceURI>` (the browser's own voices), `clone:<id>` (XTTS, TTS worker). */
export type VoiceChoice = `espeak:${string}` | `browser:${string}` | `clone:${string}`;

export function clonedVoiceId(choice: VoiceChoice): string | null {
  return choice.startsWith(CLONE_PREFIX) ? choice.slice(CLONE_PREFIX.length) : null;
}
