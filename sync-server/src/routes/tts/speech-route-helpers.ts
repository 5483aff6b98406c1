// Pieces both speech route families (/api/tts and /api/voice) share.
import { unauthorized } from '../../errors.ts';
import type { Voice } from '../../services/voice/index.ts';

/** The signed-in user's id; the app's auth gate runs first, so a missing user means the wiring changed: refuse. */
export function requireUserId(user: { id: string } | undefined): string {
  if (!user) throw unauthorized();
  return user.id;
}

/** What GET /health of either family answers: degraded only when espeak-ng (the voice that needs no download) fails. */
export async function speechHealth(voice: Voice) {
  const engines = await voice.registry.state();
  return { status: engines.espeak === 'error' ? ('degraded' as const) : ('ok' as const), engines };
}
