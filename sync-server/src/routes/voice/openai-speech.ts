// OpenAI-compatible POST /v1/audio/speech: {model, input, voice, response_format, speed} → the audio file itself.
import { createRoute, z } from '@hono/zod-openapi';
import { identifierText, storableText } from '@companion/core/schemas';
import { createRouter } from '../../app-env.ts';
import { unauthorized } from '../../errors.ts';
import { encodeAudio, type Voice } from '../../services/voice/index.ts';
import { requestAbort } from '../chat/sse.ts';
import { openAiOnError } from '../openai/errors.ts';
import { openAiErrorSchema } from '../openai/schemas.ts';
import { VoiceIdSchema } from '../tts/schemas.ts';

/** OpenAI's voice names mapped to espeak-ng voices and variants, so OpenAI clients work unchanged. */
export const OPENAI_VOICES: Readonly<Record<string, string>> = {
  alloy: 'en-us',
  ash: 'en-us+m2',
  ballad: 'en+m3',
  coral: 'en-us+f2',
  echo: 'en-us+m3',
  fable: 'en',
  nova: 'en-us+f3',
  onyx: 'en-us+m7',
  sage: 'en-us+f4',
  shimmer: 'en-us+f5',
  verse: 'en-us+m1',
};

const SpeechRequest = z
  .object({
    model: identifierText(100),
    input: storableText(4096).min(1),
    voice: VoiceIdSchema,
    // OpenAI also knows opus, aac, flac and pcm; those are refused with 400 rather than answered with another format.
    response_format: z.enum(['mp3', 'wav']).default('mp3'),
    speed: z.number().min(0.25).max(4).default(1),
    instructions: storableText(4096).optional(),
  })
  .openapi('SpeechRequest');

const speechRoute = createRoute({
  method: 'post',
  path: '/speech',
  tags: ['openai'],
  summary: 'OpenAI-compatible text to speech (espeak-ng voices, OpenAI voice names, or clone:<id>)',
  description: 'Speed is clamped to 0.5-2.5 (what espeak-ng can do); `instructions` is accepted and ignored.',
  request: { body: { required: true, content: { 'application/json': { schema: SpeechRequest } } } },
  responses: {
    200: { content: { 'audio/mpeg': { schema: z.string() }, 'audio/wav': { schema: z.string() } }, description: 'The audio file' },
    400: { content: { 'application/json': { schema: openAiErrorSchema } }, description: 'invalid_request_error' },
    503: { content: { 'application/json': { schema: openAiErrorSchema } }, description: 'overloaded_error (SERVER_BUSY) or VOICE_ENGINE_UNAVAILABLE' },
  },
});

export function createOpenAiSpeechRoutes(voice: Voice) {
  const router = createRouter();
  router.onError(openAiOnError);
  router.openapi(speechRoute, async (c) => {
    const user = c.get('user');
    if (!user) throw unauthorized();
    const req = c.req.valid('json');
    const voiceId = OPENAI_VOICES[req.voice] ?? req.voice;
    const rate = Math.min(2.5, Math.max(0.5, req.speed));
    const spoken = await voice.synth.speak(user.id, { text: req.input, voice: voiceId, rate }, requestAbort(c).signal, { lipSync: false });
    const bytes = await encodeAudio(spoken.samples, spoken.sampleRate, req.response_format);
    await voice.synth.record(user.id, { voice: voiceId, engine: spoken.engine, format: req.response_format, chars: req.input.length, durationMs: spoken.durationMs, text: req.input, audio: bytes }, voice.clock.now());
    c.header('content-type', req.response_format === 'mp3' ? 'audio/mpeg' : 'audio/wav');
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200);
  });
  return router;
}
