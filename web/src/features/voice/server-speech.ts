// Speech made by the user's own server (POST /api/tts/generate): its espeak-ng voices and, where the server has
// XTTS, the user's server-side cloned voices. For devices that cannot run a voice model, and for voices that
// live on the server. Each sentence comes back as a WAV with its mouth track, ready for SpeechPlayer.
import { CodedError, errorFromResponse } from '@companion/core/errors';
import { decodeWav } from '@companion/core/audio';
import { envelopeMouthFrames, type TtsVoice } from '@companion/core/speech';
import { ttsGenerateResponseSchema, ttsVoiceListSchema } from '@companion/core/api-schemas';
import type { SpokenSentence } from '../../workers/tts/tts.worker';
import { readJson } from '../../lib/read-json';

/** fetch that adds the signed-in user's bearer token (AccountSession.authorizedFetch). */
export type AuthorizedFetch = (path: string, init?: RequestInit) => Promise<Response>;

export interface ServerVoice extends TtsVoice {
  /** `pending` for a cloned voice the server cannot speak yet (no XTTS configured there). */
  readonly status?: string;
}

export async function listServerVoices(authorizedFetch: AuthorizedFetch): Promise<ServerVoice[]> {
  const res = await authorizedFetch('/api/tts/voices', { headers: { accept: 'application/json' } });
  if (!res.ok) throw await errorFromResponse(res);
  return (await readJson(res, ttsVoiceListSchema, 'its voices')).voices;
}

export async function speakOnServer(
  authorizedFetch: AuthorizedFetch,
  text: string,
  voice: string,
  options: { signal?: AbortSignal; fps?: number } = {},
): Promise<SpokenSentence> {
  const res = await authorizedFetch('/api/tts/generate', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ text, voice, format: 'wav' }),
    signal: options.signal,
  });
  if (!res.ok) throw await errorFromResponse(res);
  const body = await readJson(res, ttsGenerateResponseSchema, 'spoken text');
  const wav = decodeWav(base64Bytes(body.audio));
  const samples = wav.channels[0];
  if (!samples) throw new CodedError('TTS_BAD_RESPONSE', 'The server sent audio without samples.', { recoverable: true });
  // espeak voices come with a phoneme-driven mouth track; without one, follow the loudness.
  const mouth = body.mouth && body.mouth.length > 0 ? body.mouth : [...envelopeMouthFrames(samples, wav.sampleRate, { fps: options.fps ?? 60 })];
  return {
    samples,
    sampleRate: wav.sampleRate,
    durationMs: (samples.length / wav.sampleRate) * 1000,
    mouth,
    mouthSource: body.mouth && body.mouth.length > 0 ? 'phonemes' : 'loudness',
  };
}

function base64Bytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
