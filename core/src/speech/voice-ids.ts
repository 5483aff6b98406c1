// Cloned voices are named `clone:<id>` everywhere (browser voices, server voices, XTTS engine, character cards):
// one definition of the prefix and of taking it apart, instead of a copy per side.
export const CLONE_PREFIX = 'clone:';

/** The voice id of a cloned voice. */
export const cloneVoiceId = (id: string): `clone:${string}` => `${CLONE_PREFIX}${id}`;

/** The clone's own id behind `clone:<id>`, or null for any other voice (or an empty id). */
export function clonedVoiceIdOf(voice: string | undefined | null): string | null {
  if (!voice?.startsWith(CLONE_PREFIX)) return null;
  const id = voice.slice(CLONE_PREFIX.length);
  return id === '' ? null : id;
}
